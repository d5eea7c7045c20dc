package io.dubleads.spool;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The {@code lock} file that keeps two filter instances (in this JVM or another) from sharing one
 * spool directory. Held from open to close. A second opener waits a bounded time, since during an
 * overlapping redeploy the old instance may still be shutting down.
 *
 * <p>Two layers, because of a POSIX rule: closing <em>any</em> descriptor of a file drops every
 * lock this process holds on it, so a second instance in this JVM that merely opened the lock file
 * and closed it again would silently free the first instance's lock for other processes. So the
 * instances of one JVM first claim the directory in a JVM-wide registry (a system property named
 * after the directory, shared by every web application's class loader), and only the claimant opens
 * the lock file and takes the {@link FileLock} that keeps other JVMs out.
 */
final class DirectoryLock {
    static final String FILE_NAME = "lock";
    private static final String CLAIM_PROPERTY_PREFIX = "io.dubleads.spool.claimedBy:";
    private static final long RETRY_MILLIS = 50;

    private final String claimProperty;
    private final String claimToken;
    private final FileChannel channel;
    private final FileLock lock;

    private DirectoryLock(String claimProperty, String claimToken, FileChannel channel, FileLock lock) {
        this.claimProperty = claimProperty;
        this.claimToken = claimToken;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * @throws SpoolInitException when another holder keeps the directory for longer than {@code wait}
     * @throws IOException        when the lock file cannot be created or opened
     */
    static DirectoryLock acquire(Path directory, Duration wait) throws IOException, SpoolInitException {
        Path file = directory.resolve(FILE_NAME);
        OwnerOnlyFiles.createFileIfMissing(file);
        String claimProperty = CLAIM_PROPERTY_PREFIX + directory.toRealPath();
        String claimToken = UUID.randomUUID().toString();
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            if (System.getProperties().putIfAbsent(claimProperty, claimToken) == null) {
                DirectoryLock locked = lockFile(file, claimProperty, claimToken);
                if (locked != null) return locked;
            }
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                throw new SpoolInitException("spool directory " + directory + " is in use by another filter instance"
                        + " (or by an old deployment still shutting down): it was not released within "
                        + wait.toMillis() + " ms. Give each filter instance its own spoolDirectory.", null);
            }
            try {
                Thread.sleep(Math.min(RETRY_MILLIS, TimeUnit.NANOSECONDS.toMillis(remaining) + 1));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SpoolInitException("interrupted while waiting for spool directory " + directory, e);
            }
        }
    }

    /** With the JVM-wide claim held: the file lock, or {@code null} (claim given back) when another process holds it. */
    private static DirectoryLock lockFile(Path file, String claimProperty, String claimToken) throws IOException {
        FileChannel channel = null;
        try {
            channel = FileChannel.open(file, StandardOpenOption.WRITE);
            FileLock lock = tryLock(channel);
            if (lock != null) return new DirectoryLock(claimProperty, claimToken, channel, lock);
            channel.close();
            System.getProperties().remove(claimProperty, claimToken);
            return null;
        } catch (IOException | RuntimeException e) {
            if (channel != null) channel.close();
            System.getProperties().remove(claimProperty, claimToken);
            throw e;
        }
    }

    /** @return the lock, or {@code null} when it is held elsewhere (another process, or code outside this registry) */
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
            channel.close();
        } finally {
            System.getProperties().remove(claimProperty, claimToken);
        }
    }
}
