package io.dubleads.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class RetryAfterTest {
    private static final long NOW = 1_796_000_000_000L;
    private static final String DATE = "Tue, 01 Dec 2026 08:53:20 GMT";

    @Test
    void readsDeltaSeconds() {
        assertEquals(30_000, RetryAfter.millis("30", null, NOW));
    }

    @Test
    void readsEpochMillisecondsAsDubSendsThem() {
        assertEquals(3_000, RetryAfter.millis(Long.toString(NOW + 3_000), null, NOW));
    }

    @Test
    void readsEpochSeconds() {
        assertEquals(5_000, RetryAfter.millis(Long.toString(NOW / 1000 + 5), null, NOW));
    }

    @Test
    void readsHttpDate() {
        assertEquals(10_000, RetryAfter.millis("Fri, 01 Jan 2027 00:00:10 GMT", null, 1798761600000L));
    }

    @Test
    void readsAbsoluteFormsAgainstTheServersDateHeader() {
        long serverNow = 1_796_115_200_000L; // the DATE header
        long localClockAnHourAhead = serverNow + 3_600_000;
        assertEquals(4_000, RetryAfter.millis(Long.toString(serverNow + 4_000), DATE, localClockAnHourAhead));
    }

    @Test
    void ignoresGarbage() {
        assertEquals(-1, RetryAfter.millis("soon", null, NOW));
        assertEquals(-1, RetryAfter.millis(null, null, NOW));
    }
}
