package io.dubleads.delivery;

import java.util.ArrayDeque;

/**
 * How fast this filter instance may send: a sliding window of {@code permits} per {@code window},
 * kept about 5% under the configured limit, slowed further when Dub says so ({@code 429}s and a low
 * {@code X-RateLimit-Remaining}) and recovering gradually on success. Not thread-safe: the sender
 * calls it under its lock. Times are {@link System#nanoTime()}.
 */
final class RateLimiter {
    private final long windowNanos;
    private final int ceiling;
    private final ArrayDeque<Long> sent = new ArrayDeque<>();
    /** Share of {@link #ceiling} currently allowed, 0.1..1: lowered by 429s, raised by successes. */
    private double factor = 1.0;
    /** Not before this (a low X-RateLimit-Remaining spreads the rest of the window). */
    private long notBeforeNanos;
    private boolean spreading;

    RateLimiter(int permits, long windowNanos) {
        this.windowNanos = windowNanos;
        this.ceiling = Math.max(1, (int) Math.floor(permits * 0.95));
    }

    /** @return nanoseconds to wait before the next send is allowed; 0 when allowed now */
    long delayNanos(long now) {
        while (!sent.isEmpty() && now - sent.peekFirst() >= windowNanos) sent.pollFirst();
        long wait = spreading ? notBeforeNanos - now : 0;
        int allowed = Math.max(1, (int) Math.floor(ceiling * factor));
        if (sent.size() >= allowed) {
            // the oldest sends that must leave the window before one more fits
            int excess = sent.size() - allowed;
            long leaves = 0;
            int i = 0;
            for (Long t : sent) {
                if (i++ == excess) {
                    leaves = t + windowNanos - now;
                    break;
                }
            }
            wait = Math.max(wait, leaves);
        }
        return Math.max(0, wait);
    }

    /** A request is being sent now. */
    void sending(long now) {
        sent.addLast(now);
    }

    /** Dub answered 2xx: recover towards the full rate. */
    void succeeded() {
        factor = Math.min(1.0, factor + 0.02);
    }

    /** Dub answered 429: slow down. */
    void rateLimited() {
        factor = Math.max(0.1, factor * 0.75);
    }

    /**
     * Dub reported how many requests are left until {@code resetInNanos}: spread them out.
     */
    void remaining(long now, long remaining, long resetInNanos) {
        if (remaining < 0 || resetInNanos <= 0) return;
        long notBefore = now + resetInNanos / (remaining + 1);
        notBeforeNanos = spreading ? Math.max(notBeforeNanos, notBefore) : notBefore;
        spreading = true;
    }

    /** @return the sends currently in the window (for tests and diagnostics) */
    int inWindow() {
        return sent.size();
    }
}
