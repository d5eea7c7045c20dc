package io.dubleads.spool;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Where accepted leads wait for delivery. Records are opaque bytes (delivery encodes them); ids
 * grow in the order records were appended. Implementations are thread-safe.
 *
 * <p>A record is appended on the request thread and must be handed to the OS (or fsynced, per
 * {@code spoolSync}) before {@link #append} returns: only then is the lead accepted.
 */
public interface Spool extends Closeable {

    /**
     * Stores a record.
     *
     * @return its id, greater than every id returned or recovered before
     * @throws SpoolFullException when {@code maxPending} or {@code maxPendingBytes} would be exceeded
     * @throws IOException when the disk fails; the record is then not stored
     */
    long append(byte[] record) throws IOException;

    /** The record is done with (delivered or dead-lettered): its space can be reclaimed. Idempotent. */
    void remove(long id) throws IOException;

    /**
     * Notes durably that an attempt of this record failed in a way Dub may nevertheless have
     * recorded (5xx, timeout, lost connection), so that a later duplicate answer is known to be
     * unconfirmed even after a restart.
     */
    void markAttemptFailed(long id) throws IOException;

    /** @return the records pending when the spool was opened, in id order; empty after the first call */
    List<SpoolRecord> recover();

    /** Appends one line (a JSON object, no newline) to the dead-letter file, or logs it at ERROR in memory mode. */
    void deadLetter(String jsonLine) throws IOException;

    /** @return records stored and not removed */
    int pendingCount();

    /** @return bytes those records take (payload and framing) */
    long pendingBytes();

    /** @return whether records survive the JVM (false for the memory spool) */
    boolean durable();

    /** @return the spool directory, or {@code null} for the memory spool */
    Path directory();

    /** Flushes, fsyncs, releases the directory lock. Appends after close throw {@link IOException}. */
    @Override
    void close() throws IOException;
}
