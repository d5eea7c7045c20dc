package io.dubleads.bench;

import io.dubleads.DubLeadFilter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.runner.IterationType;

/**
 * JMH microbenchmarks of the capture path on the request thread, no network: {@code doFilter}
 * with hand-written request and response objects ({@link Fakes}).
 *
 * <ul>
 * <li>{@code passThrough}: a request without the attribute, with an unrelated cookie or with a
 *     {@code dub_id} cookie (then the request is wrapped); {@code baseline} is the same chain
 *     without the filter.</li>
 * <li>{@code signup}: the chain sets {@code dub.lead} to a fresh customer ID and redirects, so the
 *     filter reads, validates, encodes and spools the lead and adds the expiring {@code Set-Cookie}s
 *     — everything up to the hand-off to the sender. Accepted leads stay pending (delivery is
 *     paused: no {@code apiKey}), so each iteration runs a fixed batch against a fresh filter and
 *     spool ({@link Mode#SingleShotTime}, per-op numbers), keeping the live set small.
 *     {@code signupAlways}: the same with {@code spoolSync=always} (an fsync per lead), smaller batches.</li>
 * </ul>
 * Bytes/op: JMH's {@code -prof gc} counts every thread and, for the batched signups, the
 * per-iteration filter setup too; the signups therefore also record the request thread's own
 * allocation over the batch alone (ThreadMXBean) to {@code alloc.tsv} in {@code -Ddub.bench.work}.
 */
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class CaptureBench {
    static final int BATCH = 5_000;
    static final int ALWAYS_BATCH = 100;
    static final String OTHER_COOKIE = "JSESSIONID=node01abcdefghij0; theme=dark";
    static final String DUB_COOKIE = "JSESSIONID=node01abcdefghij0; dub_id=bench00000000042; theme=dark";
    static final FilterChain NOTHING = (req, res) -> { };

    static Map<String, String> params(String spoolDirectory, String spoolSync) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("spoolDirectory", spoolDirectory);
        if (spoolSync != null) p.put("spoolSync", spoolSync);
        p.put("jmx", "false");
        p.put("shutdownTimeout", "100ms");
        p.put("maxPending", "1000000");
        return p; // no apiKey: delivery stays paused, nothing leaves the JVM
    }

    /** A filter and a reusable request/response pair for requests without the attribute. */
    @State(Scope.Thread)
    public static class PassState {
        @Param({"other-cookie", "dub_id-cookie"})
        public String cookie;
        DubLeadFilter filter;
        Fakes.Request request;
        final Fakes.Response response = new Fakes.Response();

        @Setup(Level.Trial)
        public void setUp() throws ServletException {
            request = new Fakes.Request(cookie.equals("dub_id-cookie") ? DUB_COOKIE : OTHER_COOKIE);
            filter = new DubLeadFilter();
            filter.init(Fakes.filterConfig(params("memory", null)));
        }

        @TearDown(Level.Trial)
        public void tearDown() { filter.destroy(); }
    }

    @State(Scope.Thread)
    public static class BaselineState {
        final Fakes.Request request = new Fakes.Request(DUB_COOKIE);
        final Fakes.Response response = new Fakes.Response();
    }

    /** A fresh filter and spool per iteration, and the batch's customer IDs made beforehand. */
    public abstract static class SignupBase {
        DubLeadFilter filter;
        Path directory;
        String[] customers;
        final Fakes.Request request = new Fakes.Request(DUB_COOKIE);
        final Fakes.Response response = new Fakes.Response();
        long allocatedBytes;
        private int iteration;

        abstract String spool();

        abstract int batch();

        @Setup(Level.Iteration)
        public void setUp() throws IOException, ServletException {
            iteration++;
            customers = new String[batch()];
            for (int i = 0; i < customers.length; i++) customers[i] = "customer-" + iteration + "-" + i;
            String spool = spool();
            String dir = "memory";
            if (!spool.equals("memory")) {
                Path work = Path.of(System.getProperty("dub.bench.work", System.getProperty("java.io.tmpdir")));
                Files.createDirectories(work);
                directory = Files.createTempDirectory(work, "jmh-" + spool);
                dir = directory.toString();
            }
            filter = new DubLeadFilter();
            filter.init(Fakes.filterConfig(params(dir, spool.equals("memory") ? null : spool)));
        }

        @TearDown(Level.Iteration)
        public void tearDown(BenchmarkParams benchmark, IterationParams iterationParams) throws IOException {
            filter.destroy();
            if (directory != null) {
                try (Stream<Path> files = Files.walk(directory)) {
                    files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
            if (iterationParams.getType() == IterationType.MEASUREMENT && System.getProperty("dub.bench.work") != null) {
                Path work = Files.createDirectories(Path.of(System.getProperty("dub.bench.work")));
                String line = benchmark.getBenchmark() + "\t" + spool() + "\t" + (double) allocatedBytes / batch() + "\n";
                Files.writeString(work.resolve("alloc.tsv"), line, StandardCharsets.UTF_8,
                        StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            }
        }

        /** The signups of one batch; records the request thread's allocation over it. */
        void run() throws IOException, ServletException {
            com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
            long before = threads.getCurrentThreadAllocatedBytes();
            for (String customer : customers) {
                request.reset();
                response.reset();
                filter.doFilter(request, response, (req, res) -> {
                    req.setAttribute("dub.lead", customer);
                    ((HttpServletResponse) res).sendRedirect("/welcome");
                });
                if (response.headerCount() < 2) throw new IllegalStateException("the lead was not accepted (no expiring Set-Cookie)");
            }
            allocatedBytes = threads.getCurrentThreadAllocatedBytes() - before;
        }
    }

    @State(Scope.Thread)
    public static class SignupState extends SignupBase {
        @Param({"memory", "interval", "never"})
        public String spool;

        @Override String spool() { return spool; }

        @Override int batch() { return BATCH; }
    }

    @State(Scope.Thread)
    public static class AlwaysState extends SignupBase {
        @Override String spool() { return "always"; }

        @Override int batch() { return ALWAYS_BATCH; }
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    @Warmup(iterations = 5, time = 1)
    @Measurement(iterations = 5, time = 1)
    public void baseline(BaselineState s) throws IOException, ServletException {
        s.request.reset();
        NOTHING.doFilter(s.request, s.response);
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    @Warmup(iterations = 5, time = 1)
    @Measurement(iterations = 5, time = 1)
    public void passThrough(PassState s) throws IOException, ServletException {
        s.request.reset();
        s.filter.doFilter(s.request, s.response, NOTHING);
    }

    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    @OperationsPerInvocation(BATCH)
    @Warmup(iterations = 15)
    @Measurement(iterations = 10)
    public void signup(SignupState s) throws IOException, ServletException {
        s.run();
    }

    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    @OperationsPerInvocation(ALWAYS_BATCH)
    @Warmup(iterations = 3)
    @Measurement(iterations = 5)
    public void signupAlways(AlwaysState s) throws IOException, ServletException {
        s.run();
    }
}
