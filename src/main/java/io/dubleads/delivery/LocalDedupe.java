package io.dubleads.delivery;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Leads this filter accepted recently, by Dub's dedupe key (customerExternalId, and the event name
 * trimmed, lower-cased, spaces as {@code -}) plus the mode, so that a double submit is sent once.
 * The mode is part of the key, so a {@code deferred} lead never suppresses the lead that follows it.
 * Not thread-safe: the {@link Outbox} calls it under its lock.
 */
final class LocalDedupe {
    private final long forNanos;
    /** key → when it was accepted; insertion order is time order, so expiry looks only at the head. */
    private final LinkedHashMap<String, Long> seen = new LinkedHashMap<>();

    LocalDedupe(long forMillis) {
        this.forNanos = forMillis * 1_000_000L;
    }

    static String key(String customerExternalId, String eventName, String mode) {
        String event = eventName.trim().toLowerCase(Locale.ROOT).replace(' ', '-');
        return customerExternalId.trim() + '\u0000' + event + '\u0000' + (mode == null ? "" : mode);
    }

    /** @return true when {@code key} was accepted within the window; else remembers it and returns false */
    boolean seenElseRemember(String key, long now) {
        expire(now);
        Long at = seen.get(key);
        if (at != null) return true;
        seen.put(key, now);
        return false;
    }

    /** The lead with this key was not accepted after all. */
    void forget(String key) {
        seen.remove(key);
    }

    private void expire(long now) {
        Iterator<Map.Entry<String, Long>> it = seen.entrySet().iterator();
        while (it.hasNext() && now - it.next().getValue() >= forNanos) it.remove();
    }
}
