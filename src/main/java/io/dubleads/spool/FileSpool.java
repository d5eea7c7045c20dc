package io.dubleads.spool;

import io.dubleads.config.Settings.SpoolSync;
import io.dubleads.metrics.Log;
import java.io.FileOutputStream;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The durable spool: append-only segment files {@code leads-<firstId>.log} in one directory,
 * framed by {@link Frame} (magic, type, id, length, CRC32), plus {@code dead-letter.jsonl} and the
 * {@code lock} file ({@link DirectoryLock}).
 *
 * <ul>
 * <li>{@link #append} writes a {@link Frame#RECORD} frame (the record plus 21 bytes) to the active
 *     segment under one short lock: one {@code write()} call, so the record survives a killed JVM.
 *     With {@code spoolSync=always} it also fsyncs (and the directory, when the segment was new);
 *     with {@code interval} the thread {@value #SYNC_THREAD_NAME} fsyncs what was written at least
 *     every second; with {@code never} nothing is fsynced. A write that fails (disk full) counts
 *     for nothing and the next write goes over it, so earlier frames are never touched.</li>
 * <li>{@link #remove} and {@link #markAttemptFailed} write small mark frames to the segment holding
 *     the record, so each segment is self-contained: one whose records are all removed is deleted.</li>
 * <li>The active segment rolls at {@value #SEGMENT_BYTES} bytes. A segment of at least
 *     {@value #COMPACT_MIN_BYTES} bytes that is more than half dead is compacted: its live records
 *     are copied to the active segment, which is fsynced, then the old file is deleted. Disk use so
 *     stays below about twice the pending bytes. Compaction runs on the thread that calls
 *     {@link #remove} (delivery), in chunks, never on a request thread.</li>
 * <li>{@link #recover} reads every segment at open: records without a removal mark, in id order.
 *     A torn tail or a corrupt frame costs that frame only (reported once, with file and offset).
 *     A record copied by an interrupted compaction is found twice and kept once.</li>
 * <li>Ids keep growing across restarts: a new segment is named after the next id, and a segment is
 *     deleted only once a newer one exists.</li>
 * </ul>
 */
public final class FileSpool implements Spool {
    static final String SYNC_THREAD_NAME = "dub-lead-filter-spool-sync";
    static final String DEAD_LETTER_FILE = "dead-letter.jsonl";
    static final long SEGMENT_BYTES = 4L << 20;
    static final long COMPACT_MIN_BYTES = 64L << 10;
    private static final long SYNC_INTERVAL_MILLIS = 500;
    /** Compaction copies at most this many bytes per hold of the lock, so appends wait little. */
    private static final long COMPACTION_CHUNK_BYTES = 256L << 10;

    private final Path directory;
    private final SpoolSync sync;
    private final int maxPending;
    private final long maxPendingBytes;
    private final Log log;
    private final DirectoryLock directoryLock;

    /** Guards everything below and every {@link Segment}'s counters. */
    private final Object lock = new Object();
    private final TreeMap<Long, Segment> segments = new TreeMap<>();
    private final HashMap<Long, Pending> pending = new HashMap<>();
    private final Set<Segment> toCompact = new LinkedHashSet<>();
    private Segment active;
    private long nextId = 1;
    private long pendingBytes;
    private boolean directoryDirty;
    private boolean closed;
    private List<SpoolRecord> recovered = List.of();

    private final ReentrantLock compaction = new ReentrantLock();
    private final Object deadLetterLock = new Object();
    private final CountDownLatch stopSync = new CountDownLatch(1);
    private Thread syncThread;

    /** A record stored and not removed. */
    private static final class Pending {
        Segment segment;
        final int frameBytes;
        boolean attemptFailed;

        Pending(Segment segment, int frameBytes, boolean attemptFailed) {
            this.segment = segment;
            this.frameBytes = frameBytes;
            this.attemptFailed = attemptFailed;
        }
    }

    private FileSpool(Path directory, SpoolSync sync, int maxPending, long maxPendingBytes, Log log, DirectoryLock directoryLock) {
        this.directory = directory;
        this.sync = sync;
        this.maxPending = maxPending;
        this.maxPendingBytes = maxPendingBytes;
        this.log = log;
        this.directoryLock = directoryLock;
    }

    /**
     * Creates the directory if needed (0700), takes its lock, reads what it holds and starts a new
     * active segment.
     *
     * @param lockWait how long to wait for a lock held by another instance
     * @throws SpoolInitException when another filter instance holds the directory
     * @throws IOException        when the directory cannot be created, read or written
     */
    public static FileSpool open(Path directory, SpoolSync sync, int maxPending, long maxPendingBytes, Duration lockWait, Log log)
            throws IOException, SpoolInitException {
        OwnerOnlyFiles.createDirectories(directory, log);
        DirectoryLock directoryLock = DirectoryLock.acquire(directory, lockWait);
        FileSpool spool = new FileSpool(directory, sync, maxPending, maxPendingBytes, log, directoryLock);
        try {
            spool.load();
        } catch (IOException | RuntimeException e) {
            spool.closeFiles();
            directoryLock.release();
            throw e;
        }
        spool.compactQueued();
        if (sync == SpoolSync.INTERVAL) spool.startSyncThread();
        return spool;
    }

    private void load() throws IOException {
        TreeMap<Long, Path> files = new TreeMap<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
            for (Path file : entries) {
                long firstId = Segment.firstIdOf(file.getFileName().toString());
                if (firstId >= 0) files.put(firstId, file);
            }
        }
        TreeMap<Long, byte[]> records = new TreeMap<>();
        Map<Long, Segment> holders = new HashMap<>();
        Set<Long> removed = new HashSet<>();
        Set<Long> failed = new HashSet<>();
        long maxId = 0;
        for (Map.Entry<Long, Path> file : files.entrySet()) {
            Segment segment = Segment.open(file.getValue(), file.getKey());
            segments.put(segment.firstId, segment);
            byte[] bytes = Files.readAllBytes(segment.path);
            long[] maxIdInFile = {0};
            int validEnd = Frame.scan(bytes, bytes.length, new Frame.Visitor() {
                @Override
                public void frame(Frame frame) {
                    maxIdInFile[0] = Math.max(maxIdInFile[0], frame.id);
                    if (frame.type == Frame.RECORD) {
                        records.put(frame.id, frame.payload);
                        holders.put(frame.id, segment); // a later segment holds a compacted copy
                    } else if (frame.type == Frame.REMOVED) {
                        removed.add(frame.id);
                    } else if (frame.type == Frame.ATTEMPT_FAILED) {
                        failed.add(frame.id);
                    }
                }

                @Override
                public void unreadable(int offset, int length) {
                    log.warn("spool file " + segment.path + ": skipped " + length + " unreadable bytes at offset " + offset
                            + " (a torn write or a corrupt record; the records around it are kept)");
                }
            });
            maxId = Math.max(maxId, maxIdInFile[0]);
            segment.size = validEnd;
            segment.truncateToSize();
        }
        nextId = Math.max(maxId + 1, files.isEmpty() ? 1 : files.lastKey());
        List<SpoolRecord> recoveredRecords = new ArrayList<>();
        for (Map.Entry<Long, byte[]> record : records.entrySet()) {
            long id = record.getKey();
            if (removed.contains(id)) continue;
            Segment segment = holders.get(id);
            Pending entry = new Pending(segment, Frame.size(record.getValue().length), failed.contains(id));
            pending.put(id, entry);
            segment.liveCount++;
            segment.liveBytes += entry.frameBytes;
            pendingBytes += entry.frameBytes;
            recoveredRecords.add(new SpoolRecord(id, record.getValue(), entry.attemptFailed));
        }
        recovered = recoveredRecords;
        synchronized (lock) {
            List<Segment> old = new ArrayList<>(segments.values());
            roll();
            for (Segment segment : old) afterShrink(segment);
        }
    }

    @Override
    public long append(byte[] record) throws IOException {
        if (record.length > Frame.MAX_PAYLOAD_BYTES) {
            throw new IOException("a record of " + record.length + " bytes is larger than the spool takes (" + Frame.MAX_PAYLOAD_BYTES + ")");
        }
        int frameBytes = Frame.size(record.length);
        synchronized (lock) {
            ensureOpen();
            if (pending.size() >= maxPending) throw new SpoolFullException("maxPending (" + maxPending + ") reached");
            if (pendingBytes + frameBytes > maxPendingBytes) {
                throw new SpoolFullException("maxPendingBytes (" + maxPendingBytes + ") reached");
            }
            if (active.size > 0 && active.size + frameBytes > SEGMENT_BYTES) roll();
            long id = nextId;
            writeFrame(active, Frame.encode(Frame.RECORD, id, record), sync == SpoolSync.ALWAYS);
            nextId = id + 1;
            pending.put(id, new Pending(active, frameBytes, false));
            active.liveCount++;
            active.liveBytes += frameBytes;
            pendingBytes += frameBytes;
            return id;
        }
    }

    @Override
    public void remove(long id) throws IOException {
        boolean compact;
        synchronized (lock) {
            ensureOpen();
            Pending entry = pending.get(id);
            if (entry == null) return;
            Segment segment = entry.segment;
            writeFrame(segment, Frame.encodeMark(Frame.REMOVED, id), sync == SpoolSync.ALWAYS);
            pending.remove(id);
            segment.liveCount--;
            segment.liveBytes -= entry.frameBytes;
            pendingBytes -= entry.frameBytes;
            try {
                afterShrink(segment);
            } catch (IOException e) {
                log.limited(Level.WARNING, "spool-roll", "could not start a new spool file in " + directory + ": " + e.getMessage());
            }
            compact = !toCompact.isEmpty();
        }
        if (compact) compactQueued();
    }

    @Override
    public void markAttemptFailed(long id) throws IOException {
        synchronized (lock) {
            ensureOpen();
            Pending entry = pending.get(id);
            if (entry == null || entry.attemptFailed) return;
            writeFrame(entry.segment, Frame.encodeMark(Frame.ATTEMPT_FAILED, id), sync == SpoolSync.ALWAYS);
            entry.attemptFailed = true;
        }
    }

    @Override
    public List<SpoolRecord> recover() {
        synchronized (lock) {
            List<SpoolRecord> records = recovered;
            recovered = List.of();
            return records;
        }
    }

    /** Appends the line to {@code dead-letter.jsonl} (0600) and fsyncs it, whatever {@code spoolSync} says. */
    @Override
    public void deadLetter(String jsonLine) throws IOException {
        Path file = directory.resolve(DEAD_LETTER_FILE);
        byte[] line = (jsonLine + "\n").getBytes(StandardCharsets.UTF_8);
        synchronized (deadLetterLock) {
            boolean created = Files.notExists(file);
            OwnerOnlyFiles.createFileIfMissing(file);
            try (FileOutputStream out = new FileOutputStream(file.toFile(), true)) {
                out.write(line);
                out.getFD().sync();
            }
            if (created) OwnerOnlyFiles.syncDirectory(directory);
        }
    }

    @Override
    public int pendingCount() {
        synchronized (lock) {
            return pending.size();
        }
    }

    @Override
    public long pendingBytes() {
        synchronized (lock) {
            return pendingBytes;
        }
    }

    @Override
    public boolean durable() {
        return true;
    }

    @Override
    public Path directory() {
        return directory;
    }

    /** Stops the sync thread, fsyncs every segment, releases the lock. Idempotent. */
    @Override
    public void close() throws IOException {
        synchronized (lock) {
            if (closed) return;
            closed = true;
        }
        stopSync.countDown();
        if (syncThread != null) {
            try {
                syncThread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        compaction.lock(); // lets a compaction in progress finish its step; it stops at the next
        try {
            synchronized (lock) {
                try {
                    active.truncateToSize();
                    if (sync != SpoolSync.NEVER) {
                        for (Segment segment : segments.values()) segment.sync();
                    }
                } finally {
                    closeFiles();
                    directoryLock.release();
                }
            }
        } finally {
            compaction.unlock();
        }
    }

    private void closeFiles() throws IOException {
        IOException failure = null;
        for (Segment segment : segments.values()) {
            try {
                segment.close();
            } catch (IOException e) {
                failure = e;
            }
        }
        if (failure != null) throw failure;
    }

    private void ensureOpen() throws IOException {
        if (closed) throw new IOException("spool closed");
    }

    /**
     * Writes one frame to the segment, and fsyncs it if asked. On failure the segment's size stays,
     * so the frame does not count and the next write goes over it.
     */
    private void writeFrame(Segment segment, ByteBuffer frame, boolean syncNow) throws IOException {
        long sizeBefore = segment.size;
        try {
            segment.write(frame);
            if (syncNow) segment.sync();
        } catch (IOException e) {
            segment.size = sizeBefore;
            throw e;
        }
    }

    /**
     * Starts a new active segment, named after the next id (or after the newest segment, if no id
     * was used since), and makes its creation durable unless {@code spoolSync=never}.
     */
    private void roll() throws IOException {
        long firstId = segments.isEmpty() ? nextId : Math.max(nextId, segments.lastKey() + 1);
        Segment created = Segment.create(directory, firstId);
        try {
            if (sync != SpoolSync.NEVER) OwnerOnlyFiles.syncDirectory(directory);
        } catch (IOException e) {
            created.delete();
            throw e;
        }
        segments.put(firstId, created);
        nextId = firstId;
        Segment previous = active;
        active = created;
        if (previous != null) afterShrink(previous);
    }

    /** Deletes a segment whose records are all removed, or queues it for compaction when mostly dead. */
    private void afterShrink(Segment segment) throws IOException {
        if (segment.deleted) return;
        if (segment != active && segment.liveCount == 0) {
            delete(segment);
        } else if (segment.size >= COMPACT_MIN_BYTES && segment.liveBytes * 2 < segment.size) {
            if (segment == active) {
                roll(); // calls back here for the segment, no longer active
            } else {
                toCompact.add(segment);
            }
        }
    }

    private void delete(Segment segment) {
        segments.remove(segment.firstId);
        toCompact.remove(segment);
        directoryDirty = true;
        try {
            segment.delete();
        } catch (IOException e) {
            log.limited(Level.WARNING, "spool-delete", "could not delete spool file " + segment.path + " (its records are all"
                    + " delivered; it is deleted at the next start): " + e.getMessage());
        }
    }

    /** Compacts the queued segments, unless another thread is doing it. Runs on the caller's thread. */
    private void compactQueued() {
        if (!compaction.tryLock()) return;
        try {
            while (true) {
                Segment source;
                synchronized (lock) {
                    if (closed || toCompact.isEmpty()) return;
                    source = toCompact.iterator().next();
                    toCompact.remove(source);
                }
                try {
                    compact(source);
                } catch (IOException e) {
                    synchronized (lock) {
                        if (source.deleted) continue; // all its records were removed meanwhile
                    }
                    log.limited(Level.WARNING, "spool-compaction", "could not compact spool file " + source.path + ": " + e.getMessage());
                }
            }
        } finally {
            compaction.unlock();
        }
    }

    /** Copies the segment's live records to the active segment, fsyncs the copies, deletes the segment. */
    private void compact(Segment source) throws IOException {
        long readable;
        synchronized (lock) {
            if (source.deleted) return;
            readable = source.size; // record frames never follow this: the segment is no longer active
        }
        byte[] bytes = source.read(readable);
        List<Frame> records = new ArrayList<>();
        Frame.scan(bytes, bytes.length, new Frame.Visitor() {
            @Override
            public void frame(Frame frame) {
                if (frame.type == Frame.RECORD) records.add(frame);
            }

            @Override
            public void unreadable(int offset, int length) {
                // reported when the spool was opened
            }
        });
        Set<Segment> written = new HashSet<>();
        int next = 0;
        while (next < records.size()) {
            synchronized (lock) {
                if (closed) return;
                long copied = 0;
                for (; next < records.size() && copied < COMPACTION_CHUNK_BYTES; next++) {
                    Frame record = records.get(next);
                    Pending entry = pending.get(record.id);
                    if (entry == null || entry.segment != source) continue;
                    if (active.size > 0 && active.size + entry.frameBytes > SEGMENT_BYTES) roll();
                    writeFrame(active, Frame.encode(Frame.RECORD, record.id, record.payload), false);
                    if (entry.attemptFailed) writeFrame(active, Frame.encodeMark(Frame.ATTEMPT_FAILED, record.id), false);
                    written.add(active);
                    source.liveCount--;
                    source.liveBytes -= entry.frameBytes;
                    active.liveCount++;
                    active.liveBytes += entry.frameBytes;
                    entry.segment = active;
                    copied += entry.frameBytes;
                }
            }
        }
        if (sync != SpoolSync.NEVER) {
            for (Segment segment : written) segment.sync();
        }
        synchronized (lock) {
            if (closed || source.deleted || source.liveCount > 0) return;
            delete(source);
            if (sync != SpoolSync.NEVER) OwnerOnlyFiles.syncDirectory(directory);
        }
    }

    private void startSyncThread() {
        Thread thread = new Thread(this::syncEverySecond, SYNC_THREAD_NAME);
        thread.setDaemon(true);
        thread.setContextClassLoader(null); // must not pin the webapp's class loader
        syncThread = thread;
        thread.start();
    }

    private void syncEverySecond() {
        try {
            while (!stopSync.await(SYNC_INTERVAL_MILLIS, TimeUnit.MILLISECONDS)) syncWritten();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** fsyncs the segments written since the last call, and the directory if files came or went. */
    private void syncWritten() {
        List<Segment> written = new ArrayList<>();
        boolean syncDirectory;
        synchronized (lock) {
            for (Segment segment : segments.values()) {
                if (segment.dirty) {
                    segment.dirty = false;
                    written.add(segment);
                }
            }
            syncDirectory = directoryDirty;
            directoryDirty = false;
        }
        try {
            for (Segment segment : written) segment.sync();
            if (syncDirectory) OwnerOnlyFiles.syncDirectory(directory);
        } catch (IOException e) {
            synchronized (lock) {
                for (Segment segment : written) segment.dirty = true;
                directoryDirty |= syncDirectory;
            }
            log.limited(Level.WARNING, "spool-sync", "could not fsync the spool in " + directory + ": " + e.getMessage());
        }
    }
}
