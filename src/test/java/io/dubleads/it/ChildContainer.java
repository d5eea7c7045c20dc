package io.dubleads.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * One servlet container in a child JVM (see {@code io.dubleads.it.server.ContainerLauncher} for the
 * line protocol). Its stderr — the container's and the filter's logs — goes to {@link #log()}; its
 * stdout, the protocol answers, to the same name plus {@code .protocol}.
 */
public final class ChildContainer implements AutoCloseable {
    private static final long ANSWER_SECONDS = 60;
    private static final String END_OF_STREAM = "\u0000EOF";

    public final ContainerKind kind;
    private final Process process;
    private final Writer commands;
    private final BlockingQueue<String> answers = new LinkedBlockingQueue<>();
    private final Path log;
    private final int port;

    private ChildContainer(ContainerKind kind, Process process, Path log) throws IOException {
        this.kind = kind;
        this.process = process;
        this.log = log;
        this.commands = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        Path protocolLog = log.resolveSibling(log.getFileName() + ".protocol");
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
                    Writer transcript = Files.newBufferedWriter(protocolLog, StandardCharsets.UTF_8)) {
                String line;
                while ((line = in.readLine()) != null) {
                    transcript.write(line + "\n");
                    transcript.flush();
                    answers.add(line);
                }
            } catch (IOException e) {
                // the child died: END_OF_STREAM tells the waiting command
            }
            answers.add(END_OF_STREAM);
        }, "child-" + kind.id + "-stdout");
        reader.setDaemon(true);
        reader.start();
        String ready = next("start");
        if (!ready.startsWith("READY ")) throw new IllegalStateException(kind + " did not start: " + ready + "\n" + logTail());
        this.port = Integer.parseInt(ready.substring("READY ".length()).trim());
    }

    /**
     * Starts a child JVM running {@code kind}'s launcher on the container's own class path.
     *
     * @param logName the log file's name under {@code target/it-work/logs}
     */
    public static ChildContainer start(ContainerKind kind, String logName, List<String> jvmOptions) {
        try {
            Path jars = ItPaths.containersDir().resolve(kind.id);
            List<String> classpath = new ArrayList<>();
            classpath.add(ItPaths.launchersDir().toString());
            try (Stream<Path> s = Files.list(jars)) {
                classpath.addAll(s.filter(p -> p.toString().endsWith(".jar")).sorted().map(Path::toString)
                        .collect(Collectors.toList()));
            }
            if (classpath.size() == 1) throw new IllegalStateException("no jars in " + jars + ": run mvn verify (pre-integration-test)");
            Path logs = Files.createDirectories(ItPaths.workDir().resolve("logs"));
            Path log = logs.resolve(logName + ".log");
            Files.deleteIfExists(log);
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.add("-Xmx256m");
            command.add("-XX:TieredStopAtLevel=1");
            command.add("-XX:+UseSerialGC");
            // as Tomcat's catalina.sh: lets Tomcat's leak detection inspect ThreadLocals, timers and RMI
            for (String open : List.of("java.base/java.lang", "java.base/java.io", "java.base/java.util",
                    "java.base/java.util.concurrent", "java.rmi/sun.rmi.transport")) {
                command.add("--add-opens=" + open + "=ALL-UNNAMED");
            }
            command.add("-Djava.io.tmpdir=" + Files.createDirectories(ItPaths.workDir().resolve("tmp")));
            // the filter's internal test knobs travel to the child
            for (String name : System.getProperties().stringPropertyNames()) {
                if (name.startsWith("io.dubleads.internal.")) command.add("-D" + name + "=" + System.getProperty(name));
            }
            command.addAll(jvmOptions);
            command.add("-cp");
            command.add(String.join(java.io.File.pathSeparator, classpath));
            command.add(kind.launcher);
            ProcessBuilder pb = new ProcessBuilder(command);
            pb.redirectErrorStream(false);
            pb.redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()));
            pb.environment().remove("DUB_API_KEY");
            return new ChildContainer(kind, pb.start(), log);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start " + kind, e);
        }
    }

    public int port() {
        return port;
    }

    public Path log() {
        return log;
    }

    /** @return the log's size now, to read only what follows with {@link #logSince(long)} */
    public long logMark() {
        try {
            return Files.exists(log) ? Files.size(log) : 0;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** @return the log text written after {@code mark} */
    public String logSince(long mark) {
        try {
            byte[] all = Files.readAllBytes(log);
            int from = (int) Math.min(mark, all.length);
            return new String(all, from, all.length - from, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public String logTail() {
        String all = logSince(0);
        return all.length() <= 4000 ? all : all.substring(all.length() - 4000);
    }

    /** @return null when deployed, else the container's one-line reason */
    public synchronized String deploy(String contextPath, Path webappDir) {
        String answer = command("deploy " + contextPath + " " + webappDir.toAbsolutePath());
        if (answer.equals("DEPLOYED")) return null;
        if (answer.startsWith("FAILED")) return answer.substring("FAILED".length()).trim();
        throw new IllegalStateException("unexpected answer to deploy: " + answer);
    }

    /** Deploys, or fails the test with the reason and the end of the child's log. */
    public void deployOrFail(String contextPath, Path webappDir) {
        String failure = deploy(contextPath, webappDir);
        if (failure != null) {
            throw new AssertionError(kind + ": deploy of " + contextPath + " failed: " + failure + "\n--- log tail:\n" + logTail());
        }
    }

    public synchronized void undeploy(String contextPath) {
        String answer = command("undeploy " + contextPath);
        if (!answer.equals("UNDEPLOYED")) throw new IllegalStateException("undeploy " + contextPath + ": " + answer);
    }

    /**
     * @return whether the class loader of the webapp last undeployed at {@code contextPath} was
     *         garbage-collected: {@code COLLECTED}; {@code SOFTLY_RETAINED} (only once memory ran out,
     *         i.e. only soft references held it); or {@code RETAINED}
     */
    public synchronized String classLoaderCollected(String contextPath) {
        String answer = command("collected " + contextPath);
        if (answer.equals("COLLECTED") || answer.equals("RETAINED") || answer.equals("SOFTLY_RETAINED")) return answer;
        throw new IllegalStateException("unexpected answer to collected: " + answer);
    }

    /** @return the names of the child JVM's live threads */
    public synchronized List<String> threads() {
        List<String> names = new ArrayList<>();
        String line = command("threads");
        while (!line.equals("END")) {
            if (!line.startsWith("THREAD ")) throw new IllegalStateException("unexpected answer to threads: " + line);
            names.add(line.substring("THREAD ".length()));
            line = next("threads");
        }
        return names;
    }

    private String command(String command) {
        try {
            commands.write(command + "\n");
            commands.flush();
        } catch (IOException e) {
            throw new IllegalStateException(kind + " is gone (" + command + "): " + e + "\n" + logTail());
        }
        return next(command);
    }

    private String next(String forCommand) {
        try {
            String line = answers.poll(ANSWER_SECONDS, TimeUnit.SECONDS);
            if (line == null) throw new IllegalStateException(kind + ": no answer to '" + forCommand + "' within "
                    + ANSWER_SECONDS + "s\n" + logTail());
            if (line.equals(END_OF_STREAM)) {
                answers.add(END_OF_STREAM);
                throw new IllegalStateException(kind + ": the child JVM exited (" + forCommand + ")\n" + logTail());
            }
            return line;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted");
        }
    }

    /** @return the child JVM's process id (for attaching to it, as jconsole does) */
    public long pid() {
        return process.pid();
    }

    /** Kills the child JVM with SIGKILL, as {@code kill -9} does: no shutdown hook, no {@code destroy()}. */
    public void kill() {
        process.destroyForcibly();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) throw new IllegalStateException(kind + " survived SIGKILL");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public synchronized void close() {
        try {
            if (process.isAlive()) {
                commands.write("stop\n");
                commands.flush();
                if (process.waitFor(20, TimeUnit.SECONDS)) return;
            }
        } catch (IOException e) {
            // gone already
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process.destroyForcibly();
    }
}
