package io.dubleads.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Pass-through overhead: requests/s of a trivial servlet with the filter mapped ({@code /filtered})
 * against the same servlet without it ({@code /plain}) and behind a do-nothing filter
 * ({@code /noop-filter}, the control: what any filter costs in Jetty), all in the one
 * {@link BenchServer}, with {@code wrk} (keep-alive) as the load. Each round runs the three
 * contexts, the first one rotating; each round gives ratios, and the report is the median ratio
 * with a bootstrap 95% interval.
 * Runs twice: with an unrelated {@code Cookie} header (the usual request: one header lookup), and
 * with a {@code dub_id} cookie but no signup (the request is wrapped).
 *
 * <p>Besides throughput it reports the server process's CPU time per request (from
 * {@code /proc/PID/stat}) with and without the filter: on a machine shared with other work, time
 * stolen from the server moves requests/s a lot but CPU per request much less.
 *
 * <p>Usage: {@code PassThrough <port> <rounds> <seconds> <warm-up seconds> <connections> <results.md> <server pid>};
 * run it pinned to the load core, {@code wrk} inherits the pinning.
 */
public final class PassThrough {
    private static final Pattern RPS = Pattern.compile("Requests/sec:\\s+([0-9.]+)");
    private static final Pattern COUNT = Pattern.compile("(\\d+) requests in");
    /** Clock ticks per second of /proc/PID/stat's utime and stime (USER_HZ, 100 on Linux). */
    private static final double TICKS_PER_SECOND = 100;

    /** One wrk run: throughput, and the server process's CPU time per request over it. */
    record Run(double requestsPerSecond, double cpuMicrosPerRequest) {}
    private static final Pattern ERRORS = Pattern.compile("Non-2xx or 3xx responses: (\\d+)|Socket errors: (.*)");

    private PassThrough() {}

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        int rounds = Integer.parseInt(args[1]);
        int seconds = Integer.parseInt(args[2]);
        int warmup = Integer.parseInt(args[3]);
        int connections = Integer.parseInt(args[4]);
        Path results = Path.of(args[5]);
        long serverPid = Long.parseLong(args[6]);
        String[][] scenarios = {
            {"no `dub_id` cookie (`Cookie: JSESSIONID=…; theme=dark`)", "JSESSIONID=node01abcdefghij0; theme=dark"},
            {"with a `dub_id` cookie, no signup", "JSESSIONID=node01abcdefghij0; dub_id=bench00000000042; theme=dark"},
        };
        String[] paths = {"/plain/", "/noop-filter/", "/filtered/"};
        StringBuilder md = new StringBuilder();
        md.append("\n## 1. Pass-through overhead (requests/s, trivial servlet, Jetty 12 ee10)\n\n")
                .append(String.format(Locale.ROOT, "wrk -t1 -c%d keep-alive, %d rounds × %d s per context after %d s warm-up each;"
                        + " server on core 0, wrk on core 1; the first context rotates per round. `plain`: no filter;"
                        + " `noop`: a filter that only calls the chain (Jetty's cost of any filter); `filtered`: DubLeadFilter.%n%n",
                        connections, rounds, seconds, warmup))
                .append("| requests | plain req/s | noop req/s | filtered req/s | **filtered/plain** (median, 95% CI) | target ≥ 0.99"
                        + " | noop/plain | filtered/noop (our code alone) |\n")
                .append("|---|---:|---:|---:|---|---|---|---|\n");
        StringBuilder cpu = new StringBuilder("\nServer CPU time per request (user + system of the whole server JVM), same rounds;"
                + " ratios as req/s ratios (plain/filtered):\n\n"
                + "| requests | plain µs/req | noop µs/req | filtered µs/req | filtered vs plain (median, 95% CI) | filtered vs noop |\n"
                + "|---|---:|---:|---:|---|---|\n");
        for (String[] scenario : scenarios) {
            String cookie = scenario[1];
            for (String path : paths) wrk(port, path, cookie, warmup, connections, serverPid);
            double[][] rps = new double[paths.length][rounds];
            double[][] us = new double[paths.length][rounds];
            for (int r = 0; r < rounds; r++) {
                for (int i = 0; i < paths.length; i++) {
                    int c = (i + r) % paths.length;
                    Run run = wrk(port, paths[c], cookie, seconds, connections, serverPid);
                    rps[c][r] = run.requestsPerSecond();
                    us[c][r] = run.cpuMicrosPerRequest();
                }
                System.err.printf(Locale.ROOT, "  [%s] round %d: plain %.0f, noop %.0f, filtered %.0f req/s; cpu %.2f / %.2f / %.2f µs%n",
                        cookie.contains("dub_id") ? "cookie" : "no cookie", r + 1, rps[0][r], rps[1][r], rps[2][r],
                        us[0][r], us[1][r], us[2][r]);
            }
            double[] fp = ratios(rps[2], rps[0]);
            double[] ci = Stats.medianCi(fp);
            double median = Stats.median(fp);
            double[] fn = ratios(rps[2], rps[1]);
            double[] fnCi = Stats.medianCi(fn);
            double[] np = ratios(rps[1], rps[0]);
            double[] npCi = Stats.medianCi(np);
            md.append(String.format(Locale.ROOT, "| %s | %.0f | %.0f | %.0f | **%.4f** [%.4f, %.4f] | %s | %.4f [%.4f, %.4f] | %.4f [%.4f, %.4f] |%n",
                    scenario[0], Stats.median(rps[0]), Stats.median(rps[1]), Stats.median(rps[2]), median, ci[0], ci[1],
                    verdict(median, ci), Stats.median(np), npCi[0], npCi[1], Stats.median(fn), fnCi[0], fnCi[1]));
            double[] cfp = ratios(us[0], us[2]);
            double[] cfpCi = Stats.medianCi(cfp);
            double[] cfn = ratios(us[1], us[2]);
            double[] cfnCi = Stats.medianCi(cfn);
            cpu.append(String.format(Locale.ROOT, "| %s | %.2f | %.2f | %.2f | %.4f [%.4f, %.4f] | %.4f [%.4f, %.4f] |%n", scenario[0],
                    Stats.median(us[0]), Stats.median(us[1]), Stats.median(us[2]), Stats.median(cfp), cfpCi[0], cfpCi[1],
                    Stats.median(cfn), cfnCi[0], cfnCi[1]));
        }
        md.append(cpu);
        Files.writeString(results, md, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        System.out.print(md);
    }

    /** @return a[i] / b[i] */
    static double[] ratios(double[] a, double[] b) {
        double[] r = new double[a.length];
        for (int i = 0; i < a.length; i++) r[i] = a[i] / b[i];
        return r;
    }

    static String verdict(double median, double[] ci) {
        if (ci[0] >= 0.99) return "met";
        if (median >= 0.99) return "met (median; CI reaches below)";
        return ci[1] >= 0.99 ? "not shown (CI includes 0.99)" : "missed";
    }

    /** @return one wrk run's requests/s and the server's CPU per request; fails on any error response or socket error */
    static Run wrk(int port, String path, String cookie, int seconds, int connections, long serverPid)
            throws IOException, InterruptedException {
        long cpuBefore = cpuTicks(serverPid);
        Process p = new ProcessBuilder("wrk", "-t1", "-c" + connections, "-d" + seconds + "s",
                "-H", "Cookie: " + cookie, "http://127.0.0.1:" + port + path).redirectErrorStream(true).start();
        StringBuilder out = new StringBuilder();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = r.readLine(); line != null; line = r.readLine()) out.append(line).append('\n');
        }
        if (p.waitFor() != 0) throw new IOException("wrk failed:\n" + out);
        long cpuTicks = cpuTicks(serverPid) - cpuBefore;
        Matcher errors = ERRORS.matcher(out);
        if (errors.find()) throw new IOException("wrk saw errors on " + path + ":\n" + out);
        Matcher m = RPS.matcher(out);
        Matcher count = COUNT.matcher(out);
        if (!m.find() || !count.find()) throw new IOException("no Requests/sec in wrk's output:\n" + out);
        return new Run(Double.parseDouble(m.group(1)), cpuTicks / TICKS_PER_SECOND * 1e6 / Long.parseLong(count.group(1)));
    }

    /** @return utime + stime of a process, in clock ticks */
    static long cpuTicks(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]); // fields 14 and 15 of the whole line
    }
}
