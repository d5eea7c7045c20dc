package io.dubleads.delivery;

import io.dubleads.metrics.Log;
import io.dubleads.spool.MemorySpool;
import io.dubleads.spool.Spool;
import io.dubleads.spool.SpoolRecord;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The memory spool, keeping the dead-letter lines it was given so tests can read them. */
final class RecordingSpool implements Spool {
    private final MemorySpool memory = new MemorySpool(100_000, 256L << 20, new Log("test"));
    private final List<String> deadLetters = new ArrayList<>();
    private final List<SpoolRecord> toRecover;

    RecordingSpool(List<SpoolRecord> toRecover) {
        this.toRecover = toRecover;
    }

    RecordingSpool() {
        this(List.of());
    }

    synchronized List<String> deadLetters() { return List.copyOf(deadLetters); }

    @Override public long append(byte[] record) throws IOException { return memory.append(record); }
    @Override public void remove(long id) { memory.remove(id); }
    @Override public void markAttemptFailed(long id) { memory.markAttemptFailed(id); }
    @Override public List<SpoolRecord> recover() { return toRecover; }
    @Override public synchronized void deadLetter(String jsonLine) { deadLetters.add(jsonLine); }
    @Override public int pendingCount() { return memory.pendingCount(); }
    @Override public long pendingBytes() { return memory.pendingBytes(); }
    @Override public boolean durable() { return false; }
    @Override public Path directory() { return null; }
    @Override public void close() { memory.close(); }
}
