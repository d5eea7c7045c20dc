package io.dubleads.spool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dubleads.config.Settings.SpoolSync;
import io.dubleads.metrics.Log;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A JVM killed with SIGKILL while appending ({@code spoolSync=interval}) loses no lead whose append
 * had returned: every id the child printed, up to its death, is recovered with its data.
 */
class SpoolCrashTest {
    private static final int KILL_AFTER = 3_000;

    @TempDir
    Path dir;

    @Test
    void everyAppendThatReturnedSurvivesAKilledJvm() throws Exception {
        Process child = ChildJvm.start(SpoolCrashChild.class, dir.toString());
        Map<Long, Long> acknowledged = new HashMap<>(); // id → n
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                String[] parts = line.split(" ");
                if (parts.length != 3 || !parts[2].equals("ok")) continue; // a line cut by the kill
                acknowledged.put(Long.parseLong(parts[0]), Long.parseLong(parts[1]));
                // SIGKILL mid-stream; through the handle, so the pipe stays open for what was printed before
                if (acknowledged.size() == KILL_AFTER) child.toHandle().destroyForcibly();
            }
        } finally {
            child.destroyForcibly();
            assertTrue(child.waitFor(30, TimeUnit.SECONDS), "the child JVM ended");
        }
        assertTrue(acknowledged.size() >= KILL_AFTER, "the child appended only " + acknowledged.size());
        try (FileSpool spool = FileSpool.open(dir, SpoolSync.INTERVAL, Integer.MAX_VALUE, Long.MAX_VALUE, Duration.ofSeconds(10),
                new Log("test"))) {
            Map<Long, String> recovered = new HashMap<>();
            List<SpoolRecord> records = spool.recover();
            for (SpoolRecord record : records) recovered.put(record.id(), Leads.text(record.data()));
            System.out.printf("spool crash test: %d appends acknowledged before SIGKILL, %d recovered%n",
                    acknowledged.size(), records.size());
            for (Map.Entry<Long, Long> ack : acknowledged.entrySet()) {
                assertEquals(Leads.text(Leads.lead(ack.getValue())), recovered.get(ack.getKey()), "lead " + ack.getValue());
            }
        }
    }
}
