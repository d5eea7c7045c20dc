package io.dubleads.spool;

/**
 * A record read back from the spool at startup.
 *
 * @param id            as returned by {@link Spool#append} when it was stored
 * @param data          the bytes appended
 * @param attemptFailed whether {@link Spool#markAttemptFailed} was called for it
 */
public record SpoolRecord(long id, byte[] data, boolean attemptFailed) {}
