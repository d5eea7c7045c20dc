package io.dubleads.metrics;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The project's one logger ({@code System.Logger} named {@code io.dubleads}), with rate limiting for
 * warnings that a storm could repeat: each {@code key} is logged at most once per minute, and the
 * next line says how many were suppressed. Never pass personal data, API keys or full click IDs
 * at INFO or above.
 */
public final class Log {
    private static final long WINDOW_NANOS = TimeUnit.MINUTES.toNanos(1);

    private final Logger logger;
    private final String prefix;
    private final ConcurrentHashMap<String, Window> windows = new ConcurrentHashMap<>();

    /** @param instance a short name for the filter instance, put in front of every line */
    public Log(String instance) {
        this.logger = System.getLogger("io.dubleads");
        this.prefix = "[dub-lead-filter " + instance + "] ";
    }

    public void info(String msg) { logger.log(Level.INFO, prefix + msg); }
    public void warn(String msg) { logger.log(Level.WARNING, prefix + msg); }
    public void error(String msg) { logger.log(Level.ERROR, prefix + msg); }
    public void error(String msg, Throwable t) { logger.log(Level.ERROR, prefix + msg, t); }
    public boolean debugEnabled() { return logger.isLoggable(Level.DEBUG); }
    public void debug(String msg) { if (logger.isLoggable(Level.DEBUG)) logger.log(Level.DEBUG, prefix + msg); }

    /** Logs at {@code level} unless a line with the same key was logged in the last minute. */
    public void limited(Level level, String key, String msg) {
        if (!logger.isLoggable(level)) return;
        long now = System.nanoTime();
        Window w = windows.computeIfAbsent(key, k -> new Window());
        long suppressed;
        synchronized (w) {
            if (w.logged && now - w.startNanos < WINDOW_NANOS) {
                w.suppressed.incrementAndGet();
                return;
            }
            w.logged = true;
            w.startNanos = now;
            suppressed = w.suppressed.getAndSet(0);
        }
        logger.log(level, prefix + msg + (suppressed > 0 ? " (" + suppressed + " similar suppressed in the last minute)" : ""));
    }

    /** A click ID as it may appear in logs at INFO and above: its first 4 characters. */
    public static String redactClickId(String clickId) {
        if (clickId == null) return "none";
        if (clickId.isEmpty()) return "\"\"";
        return clickId.length() <= 4 ? "****" : clickId.substring(0, 4) + "...";
    }

    private static final class Window {
        boolean logged;
        long startNanos;
        final AtomicLong suppressed = new AtomicLong();
    }
}
