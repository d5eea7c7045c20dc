package io.dubleads.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns {@link CaptureBench}'s JMH JSON results (and its {@code alloc.tsv} of request-thread
 * allocation) into the markdown section of the report.
 *
 * <p>Usage: {@code JmhTable <jmh.json> <alloc.tsv> <results.md>}.
 */
public final class JmhTable {
    private JmhTable() {}

    public static void main(String[] args) throws Exception {
        JsonNode results = new ObjectMapper().readTree(Path.of(args[0]).toFile());
        Path allocFile = Path.of(args[1]);
        Map<String, List<Double>> alloc = new HashMap<>();
        if (Files.exists(allocFile)) {
            for (String line : Files.readAllLines(allocFile)) {
                String[] f = line.split("\t");
                alloc.computeIfAbsent(shortName(f[0]) + "/" + f[1], k -> new ArrayList<>()).add(Double.parseDouble(f[2]));
            }
        }
        StringBuilder md = new StringBuilder("\n## 4. JMH 1.37: the capture path on the request thread (no network)\n\n")
                .append("`doFilter` with hand-written request/response objects; signups: attribute set to a fresh customer ID, then"
                        + " `sendRedirect`, i.e. read, validate, encode, spool and add the expiring `Set-Cookie`s — up to the hand-off"
                        + " to the sender (delivery paused). ns/op ± JMH's 99.9% error; B/op from `-prof gc` (all threads; for the"
                        + " batched signups it includes each iteration's filter setup) and, for signups, the request thread's own"
                        + " allocation over the batch only.\n\n")
                .append("| benchmark | case | ns/op | B/op (`-prof gc`) | B/op (request thread) |\n|---|---|---:|---:|---:|\n");
        double baseline = Double.NaN;
        for (JsonNode r : results) {
            String name = shortName(r.get("benchmark").asText());
            JsonNode params = r.get("params");
            String param = params == null ? "" : params.elements().next().asText();
            JsonNode primary = r.get("primaryMetric");
            double score = primary.get("score").asDouble();
            double error = primary.get("scoreError").asDouble();
            JsonNode secondary = r.get("secondaryMetrics");
            JsonNode norm = secondary == null ? null : secondary.has("gc.alloc.rate.norm") ? secondary.get("gc.alloc.rate.norm")
                    : secondary.get("·gc.alloc.rate.norm");
            String bytes = norm == null ? "–" : String.format(Locale.ROOT, "%.0f", norm.get("score").asDouble());
            if (name.equals("signupAlways")) param = "always";
            List<Double> own = alloc.get(name + "/" + param);
            String ownBytes = own == null ? "–" : String.format(Locale.ROOT, "%.0f", Stats.median(own.stream().mapToDouble(Double::doubleValue).toArray()));
            String label = switch (name) {
                case "baseline" -> "no filter (chain only)";
                case "passThrough" -> param.equals("dub_id-cookie") ? "no attribute, `dub_id` cookie (wrapped)" : "no attribute, unrelated cookie";
                default -> "signup, spool `" + param + "`";
            };
            if (name.equals("baseline")) baseline = score;
            String added = name.equals("passThrough") && !Double.isNaN(baseline)
                    ? String.format(Locale.ROOT, " (+%.0f over no filter)", score - baseline) : "";
            md.append(String.format(Locale.ROOT, "| %s | %s | %,.0f ± %,.0f%s | %s | %s |%n", name, label, score,
                    Double.isNaN(error) ? 0 : error, added, bytes, ownBytes));
        }
        Files.writeString(Path.of(args[2]), md, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        System.out.print(md);
    }

    private static String shortName(String benchmark) {
        return benchmark.substring(benchmark.lastIndexOf('.') + 1);
    }
}
