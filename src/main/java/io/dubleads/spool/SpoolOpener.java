package io.dubleads.spool;

import io.dubleads.config.Settings;
import io.dubleads.metrics.Log;
import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;

/**
 * Chooses and opens the spool per the settings: {@code spoolDirectory=memory} gives the
 * {@link MemorySpool}; an explicit directory the {@link FileSpool}, or an init failure if it cannot
 * be used; no directory the {@link FileSpool} in the default directory, or the memory spool with an
 * ERROR if that cannot be used. A directory locked by another filter instance always fails init.
 */
public final class SpoolOpener {
    /** Tests shorten the wait for a lock held by another instance (default 10 s). */
    static final String LOCK_WAIT_PROPERTY = "io.dubleads.internal.spoolLockWaitMillis";
    private static final long DEFAULT_LOCK_WAIT_MILLIS = 10_000;

    private SpoolOpener() {}

    /**
     * @param host       the virtual host name (for the default directory)
     * @param context    the context path, {@code ROOT} for ""
     * @param filterName the filter's name
     * @throws SpoolInitException when an explicit {@code spoolDirectory} cannot be used, or another
     *                            filter instance holds the directory (fails init)
     */
    public static Spool open(Settings settings, String host, String context, String filterName, Log log)
            throws SpoolInitException {
        if (settings.spoolDirectoryExplicit && settings.spoolDirectory == null) return memory(settings, log);
        Duration lockWait = Duration.ofMillis(Long.getLong(LOCK_WAIT_PROPERTY, DEFAULT_LOCK_WAIT_MILLIS));
        if (settings.spoolDirectoryExplicit) {
            try {
                return FileSpool.open(settings.spoolDirectory, settings.spoolSync, settings.maxPending, settings.maxPendingBytes,
                        lockWait, log);
            } catch (IOException | RuntimeException e) {
                throw new SpoolInitException("spoolDirectory " + settings.spoolDirectory + " cannot be used (" + describe(e)
                        + "): give a directory this server's user can write, or spoolDirectory=memory", e);
            }
        }
        Path directory = defaultDirectory(host, context, filterName);
        try {
            return FileSpool.open(directory, settings.spoolSync, settings.maxPending, settings.maxPendingBytes, lockWait, log);
        } catch (IOException | RuntimeException e) {
            log.error("the default spool directory " + directory + " cannot be used (" + describe(e) + "): leads are kept in"
                    + " memory only and are lost if the JVM stops (Durable=false). Set spoolDirectory to a writable directory.");
            return memory(settings, log);
        }
    }

    /**
     * @return {@code <server base>/dub-leads/<host>/<context>/<filter-name>}, the server base being
     *         {@code catalina.base}, else {@code jetty.base}, else {@code user.home}
     */
    static Path defaultDirectory(String host, String context, String filterName) {
        String base = System.getProperty("catalina.base");
        if (base == null || base.isBlank()) base = System.getProperty("jetty.base");
        if (base == null || base.isBlank()) base = System.getProperty("user.home");
        return Paths.get(base, "dub-leads", pathComponent(host), pathComponent(context.isEmpty() ? "ROOT" : context),
                pathComponent(filterName));
    }

    /** One safe directory name: no leading '/', only {@code [A-Za-z0-9._-]}, never "." or "..". */
    static String pathComponent(String name) {
        String stripped = name == null ? "" : name.replaceFirst("^/+", "");
        if (stripped.isEmpty()) return "ROOT";
        String safe = stripped.replaceAll("[^A-Za-z0-9._-]", "_");
        return safe.matches("\\.+") ? safe.replace('.', '_') : safe;
    }

    private static MemorySpool memory(Settings settings, Log log) {
        return new MemorySpool(settings.maxPending, settings.maxPendingBytes, log);
    }

    private static String describe(Exception e) {
        return e.getClass().getSimpleName() + ": " + e.getMessage();
    }
}
