package io.dubleads.spool;

import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;

/** A child JVM for {@link FileSpoolTest}: prints {@code free} if it can lock {@code args[0]/lock}, else {@code held}. */
public final class LockProbeChild {
    private LockProbeChild() {}

    public static void main(String[] args) throws Exception {
        try (FileChannel channel = FileChannel.open(Paths.get(args[0], DirectoryLock.FILE_NAME), StandardOpenOption.WRITE)) {
            FileLock lock = channel.tryLock();
            System.out.println(lock == null ? "held" : "free");
        }
    }
}
