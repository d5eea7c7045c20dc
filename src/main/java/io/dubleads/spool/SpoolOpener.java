package io.dubleads.spool;

import io.dubleads.config.Settings;
import io.dubleads.metrics.Log;

/** Chooses and opens the spool per the settings. */
public final class SpoolOpener {
    private SpoolOpener() {}

    /**
     * @param host       the virtual host name (for the default directory)
     * @param context    the context path, {@code ROOT} for ""
     * @param filterName the filter's name
     * @throws SpoolInitException when an explicit {@code spoolDirectory} cannot be used (fails init)
     */
    public static Spool open(Settings settings, String host, String context, String filterName, Log log)
            throws SpoolInitException {
        if (settings.spoolDirectoryExplicit && settings.spoolDirectory == null) {
            return new MemorySpool(settings.maxPending, settings.maxPendingBytes, log);
        }
        // the file spool is being written (issue 3); until then every spool is in memory
        return new MemorySpool(settings.maxPending, settings.maxPendingBytes, log);
    }
}
