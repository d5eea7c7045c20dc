package io.dubleads.delivery;

/**
 * The delivery engine's internal timings. Not part of the public contract: tests shorten them
 * through system properties named {@code io.dubleads.internal.*} so the suite stays fast.
 */
final class Timings {
    /** First retry delay; doubles per attempt (with full jitter). */
    final long backoffBaseMillis = number("backoffBaseMillis", 1_000);
    /** Largest retry delay. */
    final long backoffMaxMillis = number("backoffMaxMillis", 300_000);
    /** Shortest wait a {@code Retry-After} may ask for. */
    final long retryAfterMinMillis = number("retryAfterMinMillis", 1_000);
    /** Longest wait a {@code Retry-After} may ask for. */
    final long retryAfterMaxMillis = number("retryAfterMaxMillis", 600_000);
    /** How often a paused delivery (401, 403, 3xx, TLS, DNS) tries one lead to see whether it was fixed. */
    final long probeMillis = number("probeMillis", 180_000);
    /** How long a local duplicate (same customer, event name and mode) is remembered. */
    final long dedupeMillis = number("dedupeMillis", 600_000);
    /** Consecutive TLS or DNS failures after which delivery pauses as a configuration problem. */
    final int persistentFailures = (int) number("persistentFailures", 3);

    private static long number(String name, long fallback) {
        String v = System.getProperty("io.dubleads.internal." + name);
        if (v == null) return fallback;
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            return fallback;
        }
    }
}
