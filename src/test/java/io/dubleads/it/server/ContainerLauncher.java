package io.dubleads.it.server;

import java.io.BufferedReader;
import java.io.FileOutputStream;
import java.io.FileDescriptor;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.lang.ref.WeakReference;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * The main loop of a child JVM that hosts one servlet container for the container suite. Talks to
 * the test JVM over stdin/stdout, one line per command and answer:
 * <pre>
 * (start)                          → READY &lt;port&gt;       bound to 127.0.0.1, ephemeral port
 * deploy &lt;contextPath&gt; &lt;webappDir&gt;  → DEPLOYED | FAILED &lt;one-line reason&gt;
 * undeploy &lt;contextPath&gt;            → UNDEPLOYED | FAILED &lt;reason&gt;
 * threads                          → THREAD &lt;name&gt; ... END
 * collected &lt;contextPath&gt;           → COLLECTED | SOFTLY_RETAINED | RETAINED   whether the class loader of
 *                                    the webapp last undeployed there was garbage-collected: by plain GCs
 *                                    (polled up to 10 s); else only once memory ran out (soft references
 *                                    cleared); else not even then
 * stop                             → STOPPED, then the JVM exits
 * </pre>
 * Everything else the JVM prints (container and filter logs) goes to stderr, which the harness
 * sends to a log file. Runs on the container's class path alone, plus these launcher classes: it
 * must not touch servlet API classes (Tomcat 9 has javax, the others jakarta).
 */
public abstract class ContainerLauncher {
    /** SEVERE java.util.logging records so far (Tomcat's JULI and the filter's System.Logger end up there) */
    private final List<String> severe = Collections.synchronizedList(new ArrayList<>());
    /** context path → the class loader of the webapp deployed there (weakly) */
    private final Map<String, WeakReference<ClassLoader>> loaders = new HashMap<>();

    /** @return the bound port */
    protected abstract int start() throws Exception;

    /** @return null when deployed, else a one-line reason */
    protected abstract String deploy(String contextPath, String webappDir) throws Exception;

    protected abstract void undeploy(String contextPath) throws Exception;

    protected abstract void stop() throws Exception;

    protected final void run() throws Exception {
        PrintStream protocol = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        System.setOut(System.err); // container logs never mix with the protocol
        recordSevereLogs();
        int port;
        try {
            port = start();
        } catch (Exception | Error e) {
            e.printStackTrace();
            protocol.println("FAILED " + oneLine(e));
            System.exit(2);
            return;
        }
        protocol.println("READY " + port);
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            String[] parts = line.trim().split(" ", 3);
            try {
                switch (parts[0]) {
                    case "deploy": {
                        String failure = deploy(parts[1], parts[2]);
                        protocol.println(failure == null ? "DEPLOYED" : "FAILED " + oneLine(failure));
                        break;
                    }
                    case "undeploy":
                        undeploy(parts[1]);
                        protocol.println("UNDEPLOYED");
                        break;
                    case "collected":
                        protocol.println(collected(parts[1]));
                        break;
                    case "threads":
                        for (String name : threadNames()) protocol.println("THREAD " + oneLine(name));
                        protocol.println("END");
                        break;
                    case "stop":
                        try {
                            stop();
                        } finally {
                            protocol.println("STOPPED");
                            System.exit(0);
                        }
                        return;
                    default:
                        protocol.println("FAILED unknown command: " + oneLine(line));
                }
            } catch (Exception | Error e) {
                e.printStackTrace();
                protocol.println("FAILED " + oneLine(e));
            }
        }
        // the test JVM went away: do not outlive it
        try {
            stop();
        } finally {
            System.exit(0);
        }
    }

    /** A launcher calls this once a webapp started, so that {@code collected} can watch its class loader. */
    protected final void deployed(String contextPath, ClassLoader webappLoader) {
        if (webappLoader != null) loaders.put(contextPath, new WeakReference<>(webappLoader));
    }

    private String collected(String contextPath) {
        WeakReference<ClassLoader> ref = loaders.get(contextPath);
        if (ref == null) throw new IllegalStateException("no webapp was deployed at " + contextPath);
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (ref.get() != null && System.nanoTime() < deadline) {
            System.gc();
            byte[][] churn = new byte[16][];
            for (int i = 0; i < churn.length; i++) churn[i] = new byte[1 << 20];
            Thread.onSpinWait();
        }
        if (ref.get() == null) return "COLLECTED";
        // the JVM clears every soft reference before it throws OutOfMemoryError
        try {
            List<long[]> hog = new ArrayList<>();
            while (true) hog.add(new long[1 << 20]);
        } catch (OutOfMemoryError expected) {
            // the hog is garbage again
        }
        System.gc();
        return ref.get() == null ? "SOFTLY_RETAINED" : "RETAINED";
    }

    private void recordSevereLogs() {
        SimpleFormatter formatter = new SimpleFormatter();
        Logger.getLogger("").addHandler(new Handler() {
            @Override
            public void publish(LogRecord r) {
                if (r.getLevel().intValue() < Level.SEVERE.intValue()) return;
                String text = formatter.formatMessage(r);
                if (r.getThrown() != null) text += " (" + oneLine(r.getThrown()) + ")";
                severe.add(text);
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        });
    }

    /** @return how many SEVERE log records there were so far, for {@link #severeSince(int)} */
    protected final int severeMark() {
        return severe.size();
    }

    /** @return the SEVERE log messages since {@code mark}, on one line */
    protected final String severeSince(int mark) {
        synchronized (severe) {
            return oneLine(String.join(" | ", severe.subList(Math.min(mark, severe.size()), severe.size())));
        }
    }

    private static List<String> threadNames() {
        List<String> names = new ArrayList<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.isAlive()) names.add(t.getName());
        }
        return names;
    }

    /** The root cause's class and message, on one line. */
    protected static String oneLine(Throwable e) {
        Throwable root = e;
        StringBuilder sb = new StringBuilder(e.toString());
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
            sb.append(" <- ").append(root);
        }
        return oneLine(sb.toString());
    }

    protected static String oneLine(String s) {
        return s.replace('\r', ' ').replace('\n', ' ');
    }
}
