package io.dubleads.spool;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dubleads.json.Jackson;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dubleads.metrics.Log;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The spool of {@code spoolDirectory=memory} (and of an unwritable default directory): records live
 * on the heap and die with the JVM. Bounded by {@code maxPending} and {@code maxPendingBytes} like
 * the file spool; dead letters are logged at ERROR, since there is no file to write them to.
 */
public final class MemorySpool implements Spool {
    /** Bytes counted per record on top of its payload, so {@code maxPendingBytes} means about the same as on disk. */
    static final int OVERHEAD = 32;
    private static final ObjectMapper JSON = Jackson.MAPPER;
    private static final List<String> PERSONAL = List.of("customerName", "customerEmail", "customerAvatar");

    private final int maxPending;
    private final long maxPendingBytes;
    private final Log log;
    private final ConcurrentHashMap<Long, Integer> sizes = new ConcurrentHashMap<>();
    private long nextId = 1;
    private long bytes;
    private boolean closed;

    public MemorySpool(int maxPending, long maxPendingBytes, Log log) {
        this.maxPending = maxPending;
        this.maxPendingBytes = maxPendingBytes;
        this.log = log;
    }

    @Override
    public synchronized long append(byte[] record) throws IOException {
        if (closed) throw new IOException("spool closed");
        int size = record.length + OVERHEAD;
        if (sizes.size() >= maxPending) throw new SpoolFullException("maxPending (" + maxPending + ") reached");
        if (bytes + size > maxPendingBytes) throw new SpoolFullException("maxPendingBytes (" + maxPendingBytes + ") reached");
        long id = nextId++;
        sizes.put(id, size);
        bytes += size;
        return id;
    }

    @Override
    public synchronized void remove(long id) {
        Integer size = sizes.remove(id);
        if (size != null) bytes -= size;
    }

    @Override
    public void markAttemptFailed(long id) {
        // nothing survives the JVM, so the in-memory state of delivery is the whole truth
    }

    @Override
    public List<SpoolRecord> recover() {
        return List.of();
    }

    /** Logs the line at ERROR with the customer's name, email, avatar and the click ID redacted. */
    @Override
    public void deadLetter(String jsonLine) {
        log.error("dead letter (spoolDirectory=memory, so it is logged instead of written; personal data redacted): "
                + redacted(jsonLine));
    }

    static String redacted(String jsonLine) {
        try {
            JsonNode tree = JSON.readTree(jsonLine);
            redact(tree);
            return JSON.writeValueAsString(tree);
        } catch (IOException | RuntimeException e) {
            return "(a line that is not JSON, not shown)";
        }
    }

    private static void redact(JsonNode node) {
        if (node instanceof ObjectNode) {
            ObjectNode object = (ObjectNode) node;
            for (String field : PERSONAL) {
                if (object.hasNonNull(field)) object.put(field, "(redacted)");
            }
            JsonNode clickId = object.get("clickId");
            if (clickId != null && clickId.isTextual()) object.put("clickId", Log.redactClickId(clickId.asText()));
            object.elements().forEachRemaining(MemorySpool::redact);
        } else if (node != null && node.isArray()) {
            node.elements().forEachRemaining(MemorySpool::redact);
        }
    }

    @Override
    public int pendingCount() { return sizes.size(); }

    @Override
    public synchronized long pendingBytes() { return bytes; }

    @Override
    public boolean durable() { return false; }

    @Override
    public Path directory() { return null; }

    @Override
    public synchronized void close() {
        closed = true;
    }
}
