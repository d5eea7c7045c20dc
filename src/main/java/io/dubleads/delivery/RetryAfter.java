package io.dubleads.delivery;

import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * Reads a {@code Retry-After} header in any of the forms seen in the wild: delta-seconds, an
 * HTTP-date, epoch seconds, or epoch milliseconds (what Dub really sends, against its docs).
 * Absolute forms are read against the response's {@code Date} header when present, so a skewed
 * local clock does not stretch or shrink the wait.
 */
final class RetryAfter {
    /** Below this a number is delta-seconds; above, epoch seconds; above {@link #EPOCH_MILLIS}, epoch milliseconds. */
    private static final long EPOCH_SECONDS = 1_000_000_000L;
    private static final long EPOCH_MILLIS = 100_000_000_000L;

    private RetryAfter() {}

    /**
     * @param value       the header's value, or null
     * @param dateHeader  the response's {@code Date} header, or null
     * @param nowMillis   the local wall clock
     * @return the wait in milliseconds (not yet clamped), or -1 when absent or unreadable
     */
    static long millis(String value, String dateHeader, long nowMillis) {
        if (value == null || value.isBlank()) return -1;
        String v = value.trim();
        long serverNow = serverNow(dateHeader, nowMillis);
        if (v.chars().allMatch(Character::isDigit)) {
            long n;
            try {
                n = Long.parseLong(v);
            } catch (NumberFormatException e) {
                return -1;
            }
            if (n >= EPOCH_MILLIS) return n - serverNow;
            if (n >= EPOCH_SECONDS) return n * 1000 - serverNow;
            return n * 1000;
        }
        Long at = httpDate(v);
        return at == null ? -1 : at - serverNow;
    }

    private static long serverNow(String dateHeader, long nowMillis) {
        Long d = dateHeader == null ? null : httpDate(dateHeader.trim());
        return d == null ? nowMillis : d;
    }

    private static Long httpDate(String v) {
        try {
            return ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant().toEpochMilli();
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
