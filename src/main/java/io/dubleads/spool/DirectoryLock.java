package io.dubleads.spool;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The {@code lock} file that keeps two filter instances (in this JVM or another) from sharing one
 * spool directory. Held from open to close. A second opener waits a bounded time, since during an
 * overlapping redeploy the old instance may still be shutting down.
 */
final class DirectoryLock {
    static final String FILE_NAME = "lock";
    private static final long RETRY_MILLIS = 50;

    private final FileChannel channel;
    private final FileLock lock;

    private DirectoryLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * @throws SpoolInitException when another holder keeps the lock for longer than {@code wait}
     * @throws IOException        when the lock file cannot be created or opened
     */
    static DirectoryLock acquire(Path directory, Duration wait) throws IOException, SpoolInitException {
        Path file = directory.resolve(FILE_NAME);
        OwnerOnlyFiles.createFileIfMissing(file);
        FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE);
        try {
            long deadline = System.nanoTime() + wait.toNanos();
            while (true) {
                FileLock lock = tryLock(channel);
                if (lock != null) return new DirectoryLock(channel, lock);
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0) {
                    throw new SpoolInitException("spool directory " + directory + " is in use by another filter instance"
                            + " (or by an old deployment still shutting down): its lock was not released within "
                            + wait.toMillis() + " ms. Give each filter instance its own spoolDirectory.", null);
                }
                Thread.sleep(Math.min(RETRY_MILLIS, TimeUnit.NANOSECONDS.toMillis(remaining) + 1));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            channel.close();
            throw new SpoolInitException("interrupted while waiting for the lock of spool directory " + directory, e);
        } catch (IOException | SpoolInitException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** @return the lock, or {@code null} when another process or another channel of this JVM holds it */
    private static FileLock tryLock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock();
        } catch (OverlappingFileLockException e) {
            return null;
        }
    }

    void release() throws IOException {
        try {
            lock.release();
        } finally {
            channel.close();
        }
    }
}
