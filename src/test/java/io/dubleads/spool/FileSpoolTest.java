package io.dubleads.spool;

import static io.dubleads.spool.Leads.lead;
import static io.dubleads.spool.Leads.text;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dubleads.config.Settings.SpoolSync;
import io.dubleads.metrics.Log;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileSpoolTest {
    private static final Duration SHORT_LOCK_WAIT = Duration.ofMillis(200);

    @TempDir
    Path dir;
    private final Log log = new Log("test");

    private FileSpool open(SpoolSync sync) throws Exception {
        return open(sync, 100_000, 256L << 20);
    }

    private FileSpool open(SpoolSync sync, int maxPending, long maxPendingBytes) throws Exception {
        return FileSpool.open(dir, sync, maxPending, maxPendingBytes, SHORT_LOCK_WAIT, log);
    }

    @Test
    void recordsNotRemovedAreRecoveredInIdOrderAfterReopen() throws Exception {
        List<Long> ids = new ArrayList<>();
        try (FileSpool spool = open(SpoolSync.ALWAYS)) {
            for (int n = 0; n < 5; n++) ids.add(spool.append(lead(n)));
            spool.remove(ids.get(1));
            spool.remove(ids.get(3));
            spool.remove(ids.get(3)); // idempotent
            assertEquals(3, spool.pendingCount());
            assertEquals(3L * Frame.size(lead(0).length), spool.pendingBytes(), "leads 0, 2 and 4 are the same length");
        }
        try (FileSpool spool = open(SpoolSync.ALWAYS)) {
            List<SpoolRecord> recovered = spool.recover();
            assertEquals(List.of(ids.get(0), ids.get(2), ids.get(4)), recovered.stream().map(SpoolRecord::id).toList());
            assertArrayEquals(lead(2), recovered.get(1).data());
            assertFalse(recovered.get(0).attemptFailed());
            assertEquals(List.of(), spool.recover(), "empty after the first call");
            assertEquals(3, spool.pendingCount());
            spool.remove(ids.get(0));
        }
        try (FileSpool spool = open(SpoolSync.ALWAYS)) {
            assertEquals(List.of(ids.get(2), ids.get(4)), spool.recover().stream().map(SpoolRecord::id).toList());
        }
    }

    @Test
    void attemptFailedMarkSurvivesReopen() throws Exception {
        long marked;
        long unmarked;
        try (FileSpool spool = open(SpoolSync.INTERVAL)) {
            marked = spool.append(lead(1));
            unmarked = spool.append(lead(2));
            spool.markAttemptFailed(marked);
            spool.markAttemptFailed(marked);
        }
        try (FileSpool spool = open(SpoolSync.INTERVAL)) {
            List<SpoolRecord> recovered = spool.recover();
            assertEquals(List.of(marked, unmarked), recovered.stream().map(SpoolRecord::id).toList());
            assertTrue(recovered.get(0).attemptFailed());
            assertFalse(recovered.get(1).attemptFailed());
        }
    }

    @Test
    void tornTailLosesOnlyTheLastRecord() throws Exception {
        List<Long> ids = appendAndClose(5);
        Path segment = onlySegment();
        try (RandomAccessFile file = new RandomAccessFile(segment.toFile(), "rw")) {
            file.setLength(file.length() - 100); // the last write was cut short
        }
        try (LogCapture logs = new LogCapture(); FileSpool spool = open(SpoolSync.INTERVAL)) {
            assertEquals(ids.subList(0, 4), spool.recover().stream().map(SpoolRecord::id).toList());
            List<String> warnings = logs.messages(Level.WARNING);
            assertEquals(1, warnings.size(), warnings.toString());
            assertTrue(warnings.get(0).contains(segment.toString()), warnings.get(0));
            long next = spool.append(lead(9));
            assertTrue(next > ids.get(3));
        }
        try (LogCapture logs = new LogCapture(); FileSpool spool = open(SpoolSync.INTERVAL)) {
            assertEquals(5, spool.recover().size(), "the torn tail was cut, so the record appended after it reads back");
            assertEquals(List.of(), logs.messages(Level.WARNING));
        }
    }

    @Test
    void corruptByteInAMiddleRecordLosesOnlyThatRecordAndIsReportedOnce() throws Exception {
        List<Long> ids = appendAndClose(5);
        Path segment = onlySegment();
        int frame = Frame.size(lead(0).length);
        int corruptOffset = 2 * frame; // the third record
        try (RandomAccessFile file = new RandomAccessFile(segment.toFile(), "rw")) {
            file.seek(corruptOffset + Frame.HEADER_BYTES + 30);
            int b = file.read();
            file.seek(corruptOffset + Frame.HEADER_BYTES + 30);
            file.write(b ^ 0x40);
        }
        try (LogCapture logs = new LogCapture(); FileSpool spool = open(SpoolSync.INTERVAL)) {
            List<SpoolRecord> recovered = spool.recover();
            assertEquals(List.of(ids.get(0), ids.get(1), ids.get(3), ids.get(4)), recovered.stream().map(SpoolRecord::id).toList());
            assertArrayEquals(lead(3), recovered.get(2).data());
            List<String> warnings = logs.messages(Level.WARNING);
            assertEquals(1, warnings.size(), warnings.toString());
            assertTrue(warnings.get(0).contains(segment + ": skipped " + frame + " unreadable bytes at offset " + corruptOffset),
                    warnings.get(0));
            assertFalse(warnings.get(0).contains("user-2"), "no payload in the log");
        }
    }

    @Test
    void recordCopiedByAnInterruptedCompactionIsRecoveredOnceAndTheOldFileDeleted() throws Exception {
        Path old = dir.resolve(Segment.fileName(1));
        Path copies = dir.resolve(Segment.fileName(3));
        writeFrames(old, Frame.encode(Frame.RECORD, 1, lead(1)), Frame.encode(Frame.RECORD, 2, lead(2)),
                Frame.encodeMark(Frame.REMOVED, 2));
        writeFrames(copies, Frame.encode(Frame.RECORD, 1, lead(1)), Frame.encodeMark(Frame.ATTEMPT_FAILED, 1),
                Frame.encode(Frame.RECORD, 3, lead(3)));
        try (FileSpool spool = open(SpoolSync.ALWAYS)) {
            List<SpoolRecord> recovered = spool.recover();
            assertEquals(List.of(1L, 3L), recovered.stream().map(SpoolRecord::id).toList());
            assertTrue(recovered.get(0).attemptFailed());
            assertArrayEquals(lead(1), recovered.get(0).data());
            assertFalse(Files.exists(old), "holds no record of its own any more");
            assertTrue(spool.append(lead(4)) > 3);
            spool.remove(1);
        }
        try (FileSpool spool = open(SpoolSync.ALWAYS)) {
            assertEquals(List.of(3L, 4L), spool.recover().stream().map(SpoolRecord::id).toList());
        }
    }

    @Test
    void idsKeepIncreasingAcrossReopenEvenWhenEverythingWasRemoved() throws Exception {
        long last;
        try (FileSpool spool = open(SpoolSync.INTERVAL)) {
            long first = spool.append(lead(1));
            last = spool.append(lead(2));
            assertTrue(last > first);
            spool.remove(first);
            spool.remove(last);
        }
        try (FileSpool spool = open(SpoolSync.INTERVAL)) {
            assertEquals(List.of(), spool.recover());
            long next = spool.append(lead(3));
            assertTrue(next > last, next + " after " + last);
            last = next;
        }
        try (FileSpool spool = open(SpoolSync.INTERVAL)) {
            assertEquals(List.of(last), spool.recover().stream().map(SpoolRecord::id).toList());
            assertTrue(spool.append(lead(4)) > last);
        }
    }

    @Test
    void diskUseFollowsThePendingLeads() throws Exception {
        int count = 10_000;
        try (FileSpool spool = open(SpoolSync.INTERVAL)) {
            List<Long> ids = new ArrayList<>();
            for (int n = 0; n < count; n++) ids.add(spool.append(lead(n)));
            long full = segmentBytes();
            assertTrue(full >= (long) count * lead(0).length, "all written: " + full);
            for (long id : ids) spool.remove(id);
            long left = segmentBytes();
            System.out.printf("spool: %d leads of ~%d bytes took %d bytes; after removing all, %d bytes in %d files%n",
                    count, lead(0).length, full, left, segmentFiles().size());
            assertTrue(left < FileSpool.COMPACT_MIN_BYTES, "after removing all: " + left);
            assertEquals(0, spool.pendingCount());
            assertEquals(0, spool.pendingBytes());
        }
    }

    @Test
    void diskUseStaysUnderAKilobytePerPendingLeadWhileMostAreDelivered() throws Exception {
        Random random = new Random(42);
        List<Long> kept = new ArrayList<>();
        List<Long> marked = new ArrayList<>();
        try (FileSpool spool = open(SpoolSync.INTERVAL)) {
            for (int round = 0; round < 3; round++) {
                List<Long> ids = new ArrayList<>();
                for (int n = 0; n < 10_000; n++) ids.add(spool.append(lead(round * 10_000L + n)));
                Collections.shuffle(ids, random);
                for (int i = 0; i < ids.size(); i++) {
                    if (i % 10 == 0) {
                        kept.add(ids.get(i));
                        if (i % 20 == 0) {
                            spool.markAttemptFailed(ids.get(i));
                            marked.add(ids.get(i));
                        }
                    } else {
                        spool.remove(ids.get(i));
                    }
                }
            }
            double perLead = (double) segmentBytes() / spool.pendingCount();
            System.out.printf("spool: %d pending leads of ~%d bytes take %.0f bytes each on disk%n",
                    spool.pendingCount(), lead(0).length, perLead);
            assertEquals(kept.size(), spool.pendingCount());
            assertTrue(perLead <= 1024, perLead + " bytes per pending lead");
        }
        Collections.sort(kept);
        try (FileSpool spool = open(SpoolSync.INTERVAL)) {
            List<SpoolRecord> recovered = spool.recover();
            assertEquals(kept, recovered.stream().map(SpoolRecord::id).toList(), "compaction kept every live record once");
            assertEquals(marked.size(), recovered.stream().filter(SpoolRecord::attemptFailed).count());
            assertTrue(recovered.stream().filter(SpoolRecord::attemptFailed).map(SpoolRecord::id).allMatch(marked::contains));
            SpoolRecord any = recovered.get(recovered.size() / 2);
            assertTrue(text(any.data()).contains("\"user-"), "payload intact");
        }
    }

    @Test
    void concurrentAppendsAndRemovalsKeepExactlyTheRecordsNotRemoved() throws Exception {
        int threads = 4;
        int perThread = 5_000;
        Set<Long> removed = ConcurrentHashMap.newKeySet();
        Set<Long> appended = ConcurrentHashMap.newKeySet();
        BlockingQueue<Long> delivered = new LinkedBlockingQueue<>();
        try (FileSpool spool = open(SpoolSync.INTERVAL)) {
            ExecutorService pool = Executors.newFixedThreadPool(threads + 1);
            List<Future<?>> appenders = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                appenders.add(pool.submit(() -> {
                    for (int n = 0; n < perThread; n++) {
                        long id = spool.append(lead(thread * perThread + n));
                        appended.add(id);
                        if (n % 8 != 0) delivered.add(id); // one in eight stays pending
                    }
                    return null;
                }));
            }
            Future<?> remover = pool.submit(() -> {
                for (int n = 0; n < threads * perThread * 7 / 8; n++) {
                    long id = delivered.poll(30, TimeUnit.SECONDS);
                    spool.remove(id);
                    removed.add(id);
                }
                return null;
            });
            for (Future<?> appender : appenders) appender.get(60, TimeUnit.SECONDS);
            remover.get(60, TimeUnit.SECONDS);
            pool.shutdown();
            assertEquals(threads * perThread, appended.size(), "ids are unique");
            assertEquals(appended.size() - removed.size(), spool.pendingCount());
        }
        try (FileSpool spool = open(SpoolSync.INTERVAL)) {
            List<Long> expected = appended.stream().filter(id -> !removed.contains(id)).sorted().toList();
            assertEquals(expected, spool.recover().stream().map(SpoolRecord::id).toList());
        }
    }

    @Test
    void fullSpoolRefusesWithoutWriting() throws Exception {
        int frame = Frame.size(lead(0).length);
        try (FileSpool spool = open(SpoolSync.INTERVAL, 2, 1L << 20)) {
            long first = spool.append(lead(0));
            spool.append(lead(1));
            long before = segmentBytes();
            SpoolFullException full = assertThrows(SpoolFullException.class, () -> spool.append(lead(2)));
            assertTrue(full.getMessage().contains("maxPending"));
            assertEquals(before, segmentBytes(), "nothing written");
            spool.remove(first);
            spool.append(lead(3));
        }
        try (FileSpool spool = open(SpoolSync.INTERVAL, 100, 2L * frame + 10)) {
            assertEquals(2, spool.recover().size());
            long before = segmentBytes();
            SpoolFullException full = assertThrows(SpoolFullException.class, () -> spool.append(lead(4)));
            assertTrue(full.getMessage().contains("maxPendingBytes"));
            assertEquals(before, segmentBytes(), "nothing written");
        }
    }

    @Test
    void filesAreOwnerOnly() throws Exception {
        Path spoolDir = dir.resolve("a/b/spool");
        try (FileSpool spool = FileSpool.open(spoolDir, SpoolSync.ALWAYS, 10, 1L << 20, SHORT_LOCK_WAIT, log)) {
            spool.append(lead(1));
            spool.deadLetter("{\"reason\":\"test\"}");
        }
        assertEquals("rwx------", mode(spoolDir));
        assertEquals("rwx------", mode(dir.resolve("a")));
        try (Stream<Path> files = Files.list(spoolDir)) {
            for (Path file : files.toList()) assertEquals("rw-------", mode(file), file.toString());
        }
        assertTrue(Files.exists(spoolDir.resolve(DirectoryLock.FILE_NAME)));
        assertTrue(Files.exists(spoolDir.resolve(FileSpool.DEAD_LETTER_FILE)));
    }

    @Test
    void deadLettersAreAppendedOneLineEach() throws Exception {
        try (FileSpool spool = open(SpoolSync.NEVER)) {
            spool.deadLetter("{\"n\":1}");
            spool.deadLetter("{\"n\":2}");
        }
        assertEquals(List.of("{\"n\":1}", "{\"n\":2}"), Files.readAllLines(dir.resolve(FileSpool.DEAD_LETTER_FILE), StandardCharsets.UTF_8));
    }

    @Test
    void closeStopsTheSyncThreadAndLaterAppendsFail() throws Exception {
        FileSpool spool = open(SpoolSync.INTERVAL);
        Thread syncThread = syncThreads().get(0);
        assertTrue(syncThread.isDaemon());
        assertEquals(null, syncThread.getContextClassLoader());
        long id = spool.append(lead(1));
        spool.close();
        assertFalse(syncThread.isAlive());
        assertEquals(List.of(), syncThreads());
        assertThrows(IOException.class, () -> spool.append(lead(2)));
        assertThrows(IOException.class, () -> spool.remove(id));
        spool.close(); // idempotent
    }

    @Test
    void onlyTheIntervalModeStartsAThread() throws Exception {
        try (FileSpool always = open(SpoolSync.ALWAYS)) {
            assertEquals(List.of(), syncThreads());
        }
    }

    @Test
    void secondOpenOfALockedDirectoryFailsAfterTheWait() throws Exception {
        try (FileSpool first = open(SpoolSync.INTERVAL)) {
            long started = System.nanoTime();
            SpoolInitException e = assertThrows(SpoolInitException.class, () -> open(SpoolSync.INTERVAL));
            assertTrue(System.nanoTime() - started >= SHORT_LOCK_WAIT.toNanos(), "waited for the lock first");
            assertTrue(e.getMessage().contains(dir.toString()), e.getMessage());
            assertTrue(e.getMessage().contains("in use by another filter instance (or by an old deployment still shutting down)"),
                    e.getMessage());
            first.append(lead(1)); // the holder is unaffected
        }
    }

    @Test
    void failedSecondOpenInTheSameJvmKeepsOtherProcessesOut() throws Exception {
        try (FileSpool first = open(SpoolSync.INTERVAL)) {
            assertThrows(SpoolInitException.class, () -> open(SpoolSync.INTERVAL));
            assertEquals("held", probeLockFromAnotherProcess());
        }
        assertEquals("free", probeLockFromAnotherProcess());
    }

    @Test
    void secondOpenSucceedsWhenTheFirstClosesDuringTheWait() throws Exception {
        FileSpool first = open(SpoolSync.INTERVAL);
        long id = first.append(lead(1));
        FileSpool[] second = new FileSpool[1];
        Exception[] failure = new Exception[1];
        Thread opener = new Thread(() -> {
            try {
                second[0] = FileSpool.open(dir, SpoolSync.INTERVAL, 100, 1L << 20, Duration.ofSeconds(30), log);
            } catch (Exception e) {
                failure[0] = e;
            }
        });
        opener.start();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (opener.getState() != Thread.State.TIMED_WAITING) {
            assertTrue(System.nanoTime() < deadline, "the second opener never waited for the lock");
            Thread.onSpinWait();
        }
        first.close();
        opener.join(Duration.ofSeconds(10).toMillis());
        assertFalse(opener.isAlive());
        assertEquals(null, failure[0]);
        try (FileSpool spool = second[0]) {
            assertEquals(List.of(id), spool.recover().stream().map(SpoolRecord::id).toList());
        }
    }

    private String probeLockFromAnotherProcess() throws Exception {
        Process probe = ChildJvm.start(LockProbeChild.class, dir.toString());
        String answer = new String(probe.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertTrue(probe.waitFor(30, TimeUnit.SECONDS));
        return answer;
    }

    private List<Long> appendAndClose(int count) throws Exception {
        List<Long> ids = new ArrayList<>();
        try (FileSpool spool = open(SpoolSync.NEVER)) {
            for (int n = 0; n < count; n++) ids.add(spool.append(lead(n)));
        }
        return ids;
    }

    private static void writeFrames(Path file, ByteBuffer... frames) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            for (ByteBuffer frame : frames) channel.write(frame);
        }
    }

    private Path onlySegment() throws IOException {
        List<Path> segments = segmentFiles();
        assertEquals(1, segments.size(), segments.toString());
        return segments.get(0);
    }

    private List<Path> segmentFiles() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> Segment.firstIdOf(f.getFileName().toString()) >= 0).sorted().toList();
        }
    }

    private long segmentBytes() throws IOException {
        long total = 0;
        for (Path file : segmentFiles()) total += Files.size(file);
        return total;
    }

    private static String mode(Path path) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }

    static List<Thread> syncThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals(FileSpool.SYNC_THREAD_NAME) && t.isAlive()).toList();
    }
}
