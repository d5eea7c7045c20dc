package io.dubleads.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Signup latency: p50/p99 of a signup request (the servlet sets {@code dub.lead} and redirects)
 * through the filter with each spool against the same servlet without the filter, while the Dub
 * stand-in answers after 2 s, and while it is down. One keep-alive connection, requests one after
 * another; every signup has its own customer ID and its own valid {@code dub_id} click cookie.
 * Contexts take turns request by request (the first of each turn rotating), so the machine's
 * other load hits all of them alike.
 *
 * <p>Usage: {@code SignupLatency <port> <rounds> <signups per context per round> <results.md>}.
 */
public final class SignupLatency {
    static final String[] CONTEXTS = {"/signup-plain", "/signup-memory", "/signup-always", "/signup-interval", "/signup-never"};
    private static long next;

    private SignupLatency() {}

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        int rounds = Integer.parseInt(args[1]);
        int perRound = Integer.parseInt(args[2]);
        Path results = Path.of(args[3]);
        StringBuilder md = new StringBuilder();
        md.append("\n## 2. Signup latency (µs, client-side, one keep-alive connection)\n\n")
                .append(String.format(Locale.ROOT, "%,d signups per context and phase (after %,d warm-up each), contexts taking"
                        + " turns request by request; \"added\" = filtered − plain at the same percentile, with a bootstrap 95%% CI.%n%n",
                        rounds * perRound, perRound * 4))
                .append("| Dub | spool | p50 | p99 | p50 added | p99 added | p99 added 95% CI | target p99 added ≤ 1 ms (interval) |\n")
                .append("|---|---|---:|---:|---:|---:|---|---|\n");
        try (Http http = new Http("127.0.0.1", port); Http control = new Http("127.0.0.1", port)) {
            long clicks = 2L * CONTEXTS.length * perRound * (rounds + 4) + 10;
            check(control.get("/control/?op=register&from=0&to=" + clicks, null), 200);
            String[][] phases = {{"answers after 2 s", "latency&ms=2000"}, {"down (stopped)", "stop"}};
            for (String[] phase : phases) {
                check(control.get("/control/?op=" + phase[1], null), 200);
                List<List<Long>> samples = new ArrayList<>();
                for (int i = 0; i < CONTEXTS.length; i++) samples.add(new ArrayList<>());
                int warmup = perRound * 4;
                for (int k = 0; k < warmup + rounds * perRound; k++) {
                    for (int i = 0; i < CONTEXTS.length; i++) {
                        int c = (i + k) % CONTEXTS.length; // rotate who goes first
                        long nanos = signup(http, CONTEXTS[c]);
                        if (k >= warmup) samples.get(c).add(nanos);
                    }
                }
                long[] plain = sorted(samples.get(0));
                for (int c = 0; c < CONTEXTS.length; c++) {
                    long[] s = sorted(samples.get(c));
                    String spool = c == 0 ? "no filter (baseline)" : CONTEXTS[c].substring("/signup-".length());
                    if (c == 0) {
                        md.append(String.format(Locale.ROOT, "| %s | %s | %.0f | %.0f | – | – | – | |%n", phase[0], spool,
                                us(Stats.percentile(s, 50)), us(Stats.percentile(s, 99))));
                        continue;
                    }
                    double p50 = Stats.percentile(s, 50) - Stats.percentile(plain, 50);
                    double p99 = Stats.percentile(s, 99) - Stats.percentile(plain, 99);
                    double[] ci = Stats.percentileDiffCi(plain, s, 99, 500);
                    String target = !spool.equals("interval") ? "" : p99 <= 1_000_000 ? (ci[1] <= 1_000_000 ? "met" : "met (CI reaches above)") : "missed";
                    md.append(String.format(Locale.ROOT, "| %s | `%s` | %.0f | %.0f | %.0f | %.0f | [%.0f, %.0f] | %s |%n", phase[0], spool,
                            us(Stats.percentile(s, 50)), us(Stats.percentile(s, 99)), us(p50), us(p99), us(ci[0]), us(ci[1]), target));
                }
                System.err.println("  latency phase done: Dub " + phase[0]);
            }
            check(control.get("/control/?op=restart", null), 200);
            check(control.get("/control/?op=latency&ms=0", null), 200);
        }
        Files.writeString(results, md, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        System.out.print(md);
    }

    /** @return the latency of one signup with a fresh customer ID and click ID */
    private static long signup(Http http, String context) throws IOException {
        long id = next++;
        String cookie = "dub_id=" + BenchServer.clickId(id);
        String path = context + "/signup?c=latency-" + ProcessHandle.current().pid() + "-" + id;
        long start = System.nanoTime();
        int status = http.get(path, cookie);
        long nanos = System.nanoTime() - start;
        check(status, 302);
        return nanos;
    }

    private static long[] sorted(List<Long> xs) {
        long[] a = xs.stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(a);
        return a;
    }

    private static double us(double nanos) { return nanos / 1000.0; }

    static void check(int status, int expected) throws IOException {
        if (status != expected) throw new IOException("expected HTTP " + expected + ", got " + status);
    }
}
