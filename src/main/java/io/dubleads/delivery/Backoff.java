package io.dubleads.delivery;

import java.util.concurrent.ThreadLocalRandom;

/** Exponential backoff with full jitter: a random delay in [base, min(max, base · 2^(attempt-1))]. */
final class Backoff {
    private final long baseMillis;
    private final long maxMillis;

    Backoff(long baseMillis, long maxMillis) {
        this.baseMillis = Math.max(1, baseMillis);
        this.maxMillis = Math.max(this.baseMillis, maxMillis);
    }

    /** @param failedAttempts attempts that failed so far (1 after the first failure) */
    long delayMillis(int failedAttempts) {
        int shift = Math.min(30, Math.max(0, failedAttempts - 1));
        long ceiling = Math.min(maxMillis, baseMillis << shift);
        if (ceiling <= baseMillis) return baseMillis;
        return baseMillis + ThreadLocalRandom.current().nextLong(ceiling - baseMillis + 1);
    }
}
