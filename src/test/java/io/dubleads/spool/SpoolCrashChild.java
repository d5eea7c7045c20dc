package io.dubleads.spool;

import io.dubleads.config.Settings.SpoolSync;
import io.dubleads.metrics.Log;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.file.Paths;
import java.time.Duration;

/**
 * The child JVM of {@link SpoolCrashTest}: appends leads to the spool in {@code args[0]} with
 * {@code spoolSync=interval} and prints {@code <id> <n> ok} once each append has returned, until killed.
 */
public final class SpoolCrashChild {
    private SpoolCrashChild() {}

    public static void main(String[] args) throws Exception {
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, "UTF-8");
        FileSpool spool = FileSpool.open(Paths.get(args[0]), SpoolSync.INTERVAL, Integer.MAX_VALUE, Long.MAX_VALUE,
                Duration.ofSeconds(10), new Log("crash-child"));
        for (long n = 0; ; n++) {
            long id = spool.append(Leads.lead(n));
            out.println(id + " " + n + " ok");
        }
    }
}
