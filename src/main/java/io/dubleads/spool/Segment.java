package io.dubleads.spool;

import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One append-only file of the file spool, {@code leads-<firstId>.log}. New records go to the active
 * (newest) segment; removal and attempt marks go to the segment that holds the record, so a
 * segment whose records are all removed can be deleted whole.
 *
 * <p>Written through {@link RandomAccessFile}, not a {@code FileChannel}: an interrupted request
 * thread would close a channel for every thread. The counters are guarded by the spool's lock;
 * the file may be read and synced outside it ({@link #sync} and closing are guarded by this object,
 * so a sync never reaches a closed descriptor).
 */
final class Segment {
    private static final String PREFIX = "leads-";
    private static final String SUFFIX = ".log";

    final Path path;
    /** Every id appended to this segment is at least this; segments are created in this order. */
    final long firstId;
    private final RandomAccessFile file;
    /** Bytes of valid frames; the next frame is written here (over what a failed write left). */
    long size;
    int liveCount;
    long liveBytes;
    /** Written since the last fsync. */
    boolean dirty;
    boolean deleted;
    private boolean closed;

    private Segment(Path path, long firstId, RandomAccessFile file, long size) {
        this.path = path;
        this.firstId = firstId;
        this.file = file;
        this.size = size;
    }

    static String fileName(long firstId) {
        return String.format("%s%020d%s", PREFIX, firstId, SUFFIX);
    }

    /** @return the first id named by a segment file name, or -1 for any other file */
    static long firstIdOf(String fileName) {
        if (!fileName.startsWith(PREFIX) || !fileName.endsWith(SUFFIX)) return -1;
        String digits = fileName.substring(PREFIX.length(), fileName.length() - SUFFIX.length());
        if (digits.length() != 20 || !digits.chars().allMatch(Character::isDigit)) return -1;
        return Long.parseLong(digits);
    }

    /** Creates a new, empty segment file (0600). */
    static Segment create(Path directory, long firstId) throws IOException {
        Path path = directory.resolve(fileName(firstId));
        OwnerOnlyFiles.createFile(path);
        return new Segment(path, firstId, new RandomAccessFile(path.toFile(), "rw"), 0);
    }

    /** Opens an existing segment file; {@link #size} is set once its frames are read. */
    static Segment open(Path path, long firstId) throws IOException {
        RandomAccessFile file = new RandomAccessFile(path.toFile(), "rw");
        return new Segment(path, firstId, file, file.length());
    }

    /** Writes the frame at {@link #size}; on failure nothing counts and the next write goes over it. */
    void write(ByteBuffer frame) throws IOException {
        dirty = true;
        file.seek(size);
        file.write(frame.array(), frame.arrayOffset() + frame.position(), frame.remaining());
        size += frame.remaining();
    }

    /** fsync. Safe outside the spool's lock. */
    synchronized void sync() throws IOException {
        if (!closed) file.getFD().sync();
    }

    /** Cuts what follows the last valid frame (a torn write). */
    void truncateToSize() throws IOException {
        if (file.length() != size) file.setLength(size);
    }

    /** Reads the first {@code length} bytes through a separate stream, so it is safe outside the spool's lock. */
    byte[] read(long length) throws IOException {
        try (InputStream in = Files.newInputStream(path)) {
            return in.readNBytes((int) length);
        }
    }

    synchronized void close() throws IOException {
        closed = true;
        file.close();
    }

    void delete() throws IOException {
        deleted = true;
        try {
            close();
        } finally {
            Files.deleteIfExists(path);
        }
    }

    @Override
    public String toString() {
        return path.toString();
    }
}
