package io.dubleads.bench;

import io.dubleads.standin.DubStandIn;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.eclipse.jetty.server.Server;

/**
 * Burst and drain, in one JVM so the filter's MBean can be read from the platform MBeanServer:
 * <ol>
 * <li>Dub down (the stand-in stopped): N signups from 8 client threads into {@code /signup}
 *     (file spool, {@code spoolSync=interval}, {@code rateLimit=1000000/min}, concurrency 4): all
 *     accepted? ({@code Accepted}, {@code Pending}), used heap after a GC before and after, and spool
 *     directory bytes per pending lead.</li>
 * <li>Dub back up answering after 20 ms: the drain rate (between 10% and 90% delivered) against
 *     the stand-in's ceiling, concurrency / latency = 4 / 20 ms = 200/s.</li>
 * <li>A second filter ({@code /rated}, {@code rateLimit=1200/min}, its own API key) against the
 *     stand-in limited to 1,200/min per key: 20 signups/s for a while; its requests in any 60 s
 *     window, and the 429s it got.</li>
 * </ol>
 * Usage: {@code BurstDrain <work dir> <signups> <rate-phase seconds> <results.md>}.
 */
public final class BurstDrain {
    static final String RATED_KEY = "dub_bench_rated_9Qw2Ez";
    static final int THREADS = 8;
    static final int CONCURRENCY = 4;
    static final Duration LATENCY = Duration.ofMillis(20);
    static final String CALIBRATION_KEY = "dub_bench_calibrate_3Hn7Kd";
    static final int WARMUP = 2_000;

    private BurstDrain() {}

    public static void main(String[] args) throws Exception {
        Path work = Path.of(args[0]);
        int n = Integer.parseInt(args[1]);
        int rateSeconds = Integer.parseInt(args[2]);
        Path results = Path.of(args[3]);
        Files.createDirectories(work);
        // the JDK HTTP server under the stand-in writes headers and body separately: without
        // TCP_NODELAY, Nagle and the client's delayed ACK add ~40 ms to every answer
        System.setProperty("sun.net.httpserver.nodelay", "true");
        StringBuilder md = new StringBuilder("\n## 3. Burst and drain (one JVM, 2 cores)\n\n");

        DubStandIn dub = DubStandIn.start();
        dub.setLatency(LATENCY);
        dub.addKey(RATED_KEY);
        for (long i = 0; i < WARMUP + n + 20L * rateSeconds + 100; i++) dub.registerClick(BenchServer.clickId(i));
        Map<String, String> drainParams = BenchServer.filterParams(dub, work.resolve("spool").toString(), "interval");
        drainParams.put("rateLimit", "1000000/min");
        drainParams.put("concurrency", Integer.toString(CONCURRENCY));
        Map<String, String> ratedParams = BenchServer.filterParams(dub, work.resolve("rated").toString(), "interval");
        ratedParams.put("apiKey", RATED_KEY);
        ratedParams.put("rateLimit", "1200/min");
        Server server = BenchServer.start(0,
                BenchServer.context("/warmup", new BenchServer.Signup(), BenchServer.filterParams(dub, "memory", null)),
                BenchServer.context("/signup", new BenchServer.Signup(), drainParams),
                BenchServer.context("/rated", new BenchServer.Signup(), ratedParams));
        int port = BenchServer.port(server);
        ObjectName drainBean = bean("/signup");
        ObjectName ratedBean = bean("/rated");

        // --- burst, Dub down ---
        double standInCeiling = standInCeiling(dub);
        dub.stop();
        // warm-up (JIT, Jetty's buffer pools, connections) through a filter of its own: its leads stay before and after
        burst(port, "/warmup", THREADS, 0, WARMUP, new AtomicLong());
        long heapBefore = usedHeapAfterGc();
        histogram("before");
        long acceptedBefore = attr(drainBean, "Accepted");
        long burstStart = System.nanoTime();
        AtomicLong failures = new AtomicLong();
        burst(port, "/signup", THREADS, WARMUP, n, failures);
        double burstSeconds = (System.nanoTime() - burstStart) / 1e9;
        long accepted = attr(drainBean, "Accepted") - acceptedBefore;
        long pending = attr(drainBean, "Pending");
        long heapAfter = usedHeapAfterGc();
        histogram("after");
        long spoolBytes = directoryBytes(work.resolve("spool"));
        double heapMb = (heapAfter - heapBefore) / 1048576.0;
        double perLead = pending == 0 ? Double.NaN : (double) spoolBytes / pending;
        System.err.printf(Locale.ROOT, "  burst: %d signups in %.1f s, accepted %d, pending %d, heap +%.1f MB, spool %d bytes%n",
                n, burstSeconds, accepted, pending, heapMb, spoolBytes);

        md.append(String.format(Locale.ROOT, "Burst: %,d signups from %d client threads (keep-alive) with Dub down, in %.1f s"
                + " (%.0f/s); `/signup` filter: file spool, `spoolSync=interval`, `concurrency=%d`, `rateLimit=1000000/min`.%n%n",
                n, THREADS, burstSeconds, n / burstSeconds, CONCURRENCY))
                .append("| measure | result | target | |\n|---|---:|---|---|\n")
                .append(String.format(Locale.ROOT, "| accepted (MBean `Accepted`) / signups; non-302 answers | %,d / %,d; %d | all | %s |%n",
                        accepted, n, failures.get(), accepted == n && failures.get() == 0 ? "met" : "missed"))
                .append(String.format(Locale.ROOT, "| pending (MBean `Pending`) after the burst | %,d | = accepted | %s |%n",
                        pending, pending == accepted ? "met" : "see note"))
                .append(String.format(Locale.ROOT, "| heap growth (used after GC, after − before) | %.1f MB | ≤ 32 MB | %s |%n",
                        heapMb, heapMb <= 32 ? "met" : "missed"))
                .append(String.format(Locale.ROOT, "| spool directory / pending | %,d B / %,d = %.0f B per lead | ≤ 1 KB | %s |%n",
                        spoolBytes, pending, perLead, perLead <= 1024 ? "met" : "missed"));

        // --- drain, Dub up after 20 ms ---
        long deliveredBefore = attr(drainBean, "Delivered");
        dub.restart();
        long t0 = System.nanoTime();
        long total = pending;
        long t10 = -1, t90 = -1, d10 = 0, d90 = 0, tFirst = -1;
        long deadline = t0 + Duration.ofSeconds(Math.max(120, total / 50)).toNanos();
        while (System.nanoTime() < deadline) {
            long now = System.nanoTime();
            long delivered = attr(drainBean, "Delivered") - deliveredBefore;
            if (tFirst < 0 && delivered > 0) tFirst = now;
            if (t10 < 0 && delivered >= total / 10) { t10 = now; d10 = delivered; }
            if (t90 < 0 && delivered >= total * 9 / 10) { t90 = now; d90 = delivered; }
            if (attr(drainBean, "Pending") == 0) break;
            Thread.sleep(20);
        }
        long tDone = System.nanoTime();
        long leftPending = attr(drainBean, "Pending");
        double rate = t90 > t10 && t10 >= 0 ? (d90 - d10) / ((t90 - t10) / 1e9) : Double.NaN;
        double ceiling = CONCURRENCY / (LATENCY.toMillis() / 1000.0);
        long delivered = attr(drainBean, "Delivered") - deliveredBefore;
        System.err.printf(Locale.ROOT, "  drain: %.0f/s, %d delivered, %d left, %.1f s%n", rate, delivered, leftPending, (tDone - t0) / 1e9);
        md.append(String.format(Locale.ROOT, "| drain rate, Dub up answering after 20 ms (10%%→90%% delivered) | %.0f/s = **%.1f%%** of %.0f/s"
                        + " (concurrency %d / 20 ms) | ≥ 95%% | %s |%n", rate, 100 * rate / ceiling, ceiling, CONCURRENCY,
                        rate >= 0.95 * ceiling ? "met" : "missed"))
                .append(String.format(Locale.ROOT, "| … the stand-in's measured ceiling (%d java.net.http threads, 5 s after 3 s warm-up, before the burst);"
                        + " drain / measured | %.0f/s; **%.1f%%** | | |%n", CONCURRENCY, standInCeiling, 100 * rate / standInCeiling))
                .append(String.format(Locale.ROOT, "| drain: first delivery after restart; all delivered after | %.1f s; %.1f s"
                        + " (%,d delivered, %,d left) | | |%n", tFirst < 0 ? Double.NaN : (tFirst - t0) / 1e9, (tDone - t0) / 1e9,
                        delivered, leftPending));

        // --- rate limit: 20 signups/s against a stand-in limited to 1200/min ---
        dub.setRateLimit(1200);
        long rateStart = System.currentTimeMillis();
        long ratedDeliveredBefore = attr(ratedBean, "Delivered");
        int sent = 0;
        try (Http http = new Http("127.0.0.1", port)) {
            long startNanos = System.nanoTime();
            for (int i = 0; i < 20 * rateSeconds; i++) {
                long due = startNanos + i * 50_000_000L;
                long wait = due - System.nanoTime();
                if (wait > 0) Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                int id = WARMUP + n + 50 + i;
                SignupLatency.check(http.get("/rated/s?c=rated-" + i, "dub_id=" + BenchServer.clickId(id)), 302);
                sent++;
            }
        }
        long rateEnd = System.currentTimeMillis();
        long ratedDelivered = attr(ratedBean, "Delivered") - ratedDeliveredBefore;
        List<Long> times = new ArrayList<>();
        int tooMany = 0;
        for (DubStandIn.Received r : dub.received()) {
            if (r.atMillis() < rateStart || !("Bearer " + RATED_KEY).equals(r.header("Authorization"))) continue;
            times.add(r.atMillis());
            if (r.status() == 429) tooMany++;
        }
        int maxWindow = 0;
        for (int i = 0, j = 0; i < times.size(); i++) {
            while (times.get(i) - times.get(j) >= 60_000) j++;
            maxWindow = Math.max(maxWindow, i - j + 1);
        }
        double minutes = (rateEnd - rateStart) / 60_000.0;
        System.err.printf(Locale.ROOT, "  rate: %d sent, %d requests to Dub, %d 429s, max %d in 60 s%n", sent, times.size(), tooMany, maxWindow);
        md.append(String.format(Locale.ROOT, "| `rateLimit=1200/min` vs stand-in `setRateLimit(1200)`, 20 signups/s for %d s:"
                        + " requests in any 60 s window (max) | %,d | < 1,200 | %s |%n", rateSeconds, maxWindow,
                        maxWindow < 1200 ? "met" : "missed"))
                .append(String.format(Locale.ROOT, "| … 429 answers | %d | 0 | %s |%n", tooMany, tooMany == 0 ? "met" : "missed"))
                .append(String.format(Locale.ROOT, "| … delivered during the run / signups sent (%.1f min) | %,d / %,d (%.0f/min) | | |%n",
                        minutes, ratedDelivered, sent, ratedDelivered / minutes));
        if (rateSeconds < 60) md.append("\n(The rate phase ran under a minute: the 60 s window check says little.)\n");

        server.stop();
        dub.close();
        Files.writeString(results, md, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        System.out.print(md);
        System.exit(0);
    }

    /** Signups {@code from..from+n} (customer IDs and click IDs) from {@code threads} keep-alive clients. */
    static void burst(int port, String context, int threads, int from, int n, AtomicLong failures) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    try (Http http = new Http("127.0.0.1", port)) {
                        for (int i = from + thread; i < from + n; i += threads) {
                            int status = http.get(context + "/s?c=burst-" + i, "dub_id=" + BenchServer.clickId(i));
                            if (status != 302) failures.incrementAndGet();
                        }
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) f.get();
        } finally {
            pool.shutdown();
        }
    }

    /**
     * The stand-in's own ceiling as this machine runs it: valid leads from {@link #CONCURRENCY}
     * threads with java.net.http (as the filter sends them), one after another per thread, for 5 s
     * after a 3 s warm-up.
     *
     * @return answers per second
     */
    static double standInCeiling(DubStandIn dub) throws Exception {
        dub.addKey(CALIBRATION_KEY);
        standInLoad(dub, 3);
        return standInLoad(dub, 5);
    }

    private static double standInLoad(DubStandIn dub, int seconds) throws Exception {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        AtomicLong answered = new AtomicLong();
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        ExecutorService pool = Executors.newFixedThreadPool(CONCURRENCY);
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < CONCURRENCY; t++) {
            int thread = t;
            futures.add(pool.submit(() -> {
                for (int i = 0; System.nanoTime() < end; i++) {
                    String click = dub.newClick();
                    String body = "{\"clickId\":\"" + click + "\",\"customerExternalId\":\"calibrate-" + seconds + "-" + thread + "-" + i
                            + "\",\"eventName\":\"Sign Up\"}";
                    HttpRequest request = HttpRequest.newBuilder(URI.create(dub.url() + "/track/lead"))
                            .header("Authorization", "Bearer " + CALIBRATION_KEY).header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(body)).build();
                    HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
                    if (response.statusCode() != 200) throw new IOException("stand-in answered " + response.statusCode() + ": " + response.body());
                    answered.incrementAndGet();
                }
                return null;
            }));
        }
        long start = System.nanoTime();
        for (Future<?> f : futures) f.get();
        pool.shutdown();
        return answered.get() / ((System.nanoTime() - start) / 1e9);
    }

    /** @return the filter's MBean for a context (the name's {@code context} key, maybe quoted) */
    static ObjectName bean(String context) throws Exception {
        MBeanServer mbs = ManagementFactory.getPlatformMBeanServer();
        for (ObjectName name : mbs.queryNames(new ObjectName("io.dubleads:type=DubLeadFilter,*"), null)) {
            String c = name.getKeyProperty("context");
            if (c != null && (c.equals(context) || c.equals(ObjectName.quote(context)))) return name;
        }
        throw new IllegalStateException("no MBean for context " + context + ": "
                + mbs.queryNames(new ObjectName("io.dubleads:type=DubLeadFilter,*"), null));
    }

    static long attr(ObjectName name, String attribute) throws Exception {
        return ((Number) ManagementFactory.getPlatformMBeanServer().getAttribute(name, attribute)).longValue();
    }

    /** With {@code -Ddub.bench.histo=<file prefix>}: a live-object histogram (jcmd) next to each heap reading, to see what grew. */
    static void histogram(String label) throws IOException, InterruptedException {
        String prefix = System.getProperty("dub.bench.histo");
        if (prefix == null) return;
        new ProcessBuilder("jcmd", Long.toString(ProcessHandle.current().pid()), "GC.class_histogram")
                .redirectOutput(new java.io.File(prefix + "-" + label + ".txt")).start().waitFor();
    }

    /**
     * @return heap in use right after a full GC, as the collector itself reports it (the heap
     *         pools' collection usage): reading {@code getHeapMemoryUsage()} a moment later would
     *         count garbage that the delivery threads (retrying while Dub is down) made since
     */
    static long usedHeapAfterGc() {
        System.gc();
        long used = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.getCollectionUsage() != null) used += pool.getCollectionUsage().getUsed();
        }
        return used;
    }

    static long directoryBytes(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(p -> {
                try {
                    return Files.size(p);
                } catch (IOException e) {
                    return 0;
                }
            }).sum();
        }
    }
}
