package io.dubleads.standin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * A local Dub for tests, the sample app and the benchmarks: {@code POST /track/lead} as strict as
 * Dub's own code (see {@code shared/dub-api.md}), plus faults on command.
 *
 * <p>In the order Dub's route checks them: API key ({@code Authorization: Bearer}; 401, or 400
 * without {@code Bearer }), the per-key sliding-window rate limit (429 with {@code Retry-After} and
 * {@code X-RateLimit-Reset} as epoch milliseconds, as Dub really sends them), JSON (400), field
 * validation (400 for a missing customerExternalId, else 422), the customer's stored click for
 * {@code clickId: ""} (400 when there is none), the dedupe key (workspace + customerExternalId +
 * eventName lower-cased with spaces as {@code -}; a duplicate is {@code 200} with {@code "link": null}),
 * then the click lookup (404 for a click it does not know: register clicks with {@link #newClick()}).
 * A {@code deferred} lead only links customer and click and records no lead. Every answer carries
 * a {@code Date} header; errors are Dub's {@code {"error":{"code","message","doc_url"}}}.
 */
public final class DubStandIn implements AutoCloseable {
    /** A key the stand-in accepts; {@link #addKey} adds more. */
    public static final String API_KEY = "dub_test_4Kf9sQ2mZx7Lp0Rt";
    static final Duration RATE_WINDOW = Duration.ofMinutes(1);
    static final Duration DEDUPE_FOR = Duration.ofDays(7);
    private static final Pattern EMAIL = Pattern.compile(
            "^(?!\\.)(?!.*\\.\\.)([A-Z0-9_'+\\-.]*)[A-Z0-9_+-]@([A-Z0-9][A-Z0-9\\-]*\\.)+[A-Z]{2,}$",
            Pattern.CASE_INSENSITIVE);
    private static final String NANOID_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A lead Dub recorded. {@code metadata} is the metadata object's JSON text, or null. */
    public record RecordedLead(String clickId, String customerExternalId, String eventName, String customerName,
            String customerEmail, String customerAvatar, String mode, Integer eventQuantity, String metadata,
            long atMillis) {}

    /**
     * One request as it reached the stand-in and what it answered.
     *
     * @param headers lower-cased names
     * @param status  the status answered; 0 when the connection was dropped
     */
    public record Received(String method, String path, Map<String, List<String>> headers, String body, int status,
            String answer, long atMillis) {
        /** @return the first value of a header (any case), or null */
        public String header(String name) {
            List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
            return values == null || values.isEmpty() ? null : values.get(0);
        }
    }

    /** A way the stand-in can fail a request instead of answering it properly. */
    public static final class Fault {
        final int status;
        final Long retryAfterEpochMillis;
        final boolean drop;
        final boolean afterDedupe;

        private Fault(int status, Long retryAfterEpochMillis, boolean drop, boolean afterDedupe) {
            this.status = status;
            this.retryAfterEpochMillis = retryAfterEpochMillis;
            this.drop = drop;
            this.afterDedupe = afterDedupe;
        }

        /** Answers {@code status} with Dub's error body; nothing recorded, no dedupe key. */
        public static Fault status(int status) { return new Fault(status, null, false, false); }

        /** A 429 whose {@code Retry-After} and {@code X-RateLimit-Reset} hold this epoch-milliseconds instant. */
        public static Fault rateLimited(long retryAfterEpochMillis) { return new Fault(429, retryAfterEpochMillis, false, false); }

        /** Starts a 200 answer and closes the connection in the middle of it: the client sees an I/O error. */
        public static Fault dropConnection() { return new Fault(0, null, true, false); }

        /** Validates and sets the dedupe key like a real request, then answers {@code status}: Dub's swallowed retry. */
        public static Fault afterDedupe(int status) { return new Fault(status, null, false, true); }
    }

    /** Requests that arrive while a hold is active wait until it is released. */
    public final class Hold {
        private boolean released;
        private int waiting;

        /** Lets every waiting and future request of this hold through. */
        public void release() {
            synchronized (DubStandIn.this) {
                released = true;
                if (hold == this) hold = null;
                DubStandIn.this.notifyAll();
            }
        }

        /** @return how many requests wait on this hold now */
        public int waiting() {
            synchronized (DubStandIn.this) {
                return waiting;
            }
        }

        /** Polls until at least {@code n} requests wait; AssertionError after {@code timeout}. */
        public void awaitWaiting(int n, Duration timeout) {
            long deadline = System.nanoTime() + timeout.toNanos();
            synchronized (DubStandIn.this) {
                while (waiting < n) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) throw new AssertionError("expected " + n + " requests waiting on the hold, saw " + waiting);
                    try {
                        DubStandIn.this.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new AssertionError("interrupted");
                    }
                }
            }
        }
    }

    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "dub-stand-in");
        t.setDaemon(true);
        return t;
    });
    private final int port;
    private HttpServer server;

    // all state below is guarded by this
    private final Set<String> keys = new HashSet<>(Set.of(API_KEY));
    private final Set<String> clicks = new HashSet<>();
    private final Map<String, String> customerClicks = new HashMap<>();
    private final Map<String, Long> dedupe = new HashMap<>();
    private final Map<String, Deque<Long>> admitted = new HashMap<>();
    private final List<RecordedLead> leads = new ArrayList<>();
    private final List<Received> received = new ArrayList<>();
    private final Deque<Fault> faults = new ArrayDeque<>();
    private Fault outage;
    private Hold hold;
    private int rateLimitPerMinute;
    private Duration latency = Duration.ZERO;

    static {
        // The JDK's HTTP server leaves Nagle's algorithm on: with the client's delayed ACK that adds
        // ~40 ms to every answer. Dub answers promptly; so does its stand-in (read when the server starts).
        if (System.getProperty("sun.net.httpserver.nodelay") == null) System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private DubStandIn(int port) throws IOException {
        this.server = bind(port);
        this.port = server.getAddress().getPort();
    }

    /** Starts on 127.0.0.1 and an ephemeral port. */
    public static DubStandIn start() {
        return start(0);
    }

    /** Starts on 127.0.0.1:{@code port} (0: ephemeral). */
    public static DubStandIn start(int port) {
        try {
            return new DubStandIn(port);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the Dub stand-in on port " + port, e);
        }
    }

    private HttpServer bind(int port) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            try {
                HttpServer s = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 64);
                s.createContext("/", this::handle);
                s.setExecutor(executor);
                s.start();
                return s;
            } catch (BindException e) {
                // a restart on the same port right after stop: the old socket may linger a moment
                if (port == 0 || System.nanoTime() > deadline) throw e;
                Thread.onSpinWait();
            }
        }
    }

    /** @return the base URL to configure as the filter's {@code apiUrl} */
    public String url() { return "http://127.0.0.1:" + port; }

    public int port() { return port; }

    /** Registers and returns a fresh click ID, as Dub generates them (nanoid(16) over 0-9A-Za-z). */
    public String newClick() {
        StringBuilder sb = new StringBuilder(16);
        for (int i = 0; i < 16; i++) sb.append(NANOID_ALPHABET.charAt(RANDOM.nextInt(NANOID_ALPHABET.length())));
        registerClick(sb.toString());
        return sb.toString();
    }

    public synchronized void registerClick(String clickId) { clicks.add(clickId); }

    public synchronized void addKey(String key) { keys.add(key); }

    /** Requests per key per minute, as Dub's plans (Business: 1200); 0 = unlimited. */
    public synchronized void setRateLimit(int perMinute) { this.rateLimitPerMinute = perMinute; }

    /** Every answer is delayed by this much. */
    public synchronized void setLatency(Duration latency) { this.latency = latency; }

    /** The next {@code n} requests get {@code status} with Dub's error body. */
    public void failNext(int n, int status) { failNext(n, Fault.status(status)); }

    public synchronized void failNext(int n, Fault fault) {
        for (int i = 0; i < n; i++) faults.add(fault);
    }

    /** Every request gets {@code fault} until {@link #endOutage()}. */
    public synchronized void outage(Fault fault) { this.outage = fault; }

    public synchronized void endOutage() { this.outage = null; }

    /** Stops listening: connections are refused until {@link #restart()}. */
    public void stop() {
        HttpServer s;
        synchronized (this) {
            s = server;
            server = null;
            if (hold != null) hold.release();
        }
        if (s != null) s.stop(0);
    }

    /** Listens again on the same port. */
    public void restart() {
        synchronized (this) {
            if (server != null) return;
        }
        try {
            HttpServer s = bind(port);
            synchronized (this) {
                server = s;
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot restart the Dub stand-in on port " + port, e);
        }
    }

    /** From now on requests wait until the returned hold is released. */
    public synchronized Hold hold() {
        hold = new Hold();
        return hold;
    }

    /** @return every request so far, in arrival order of their answers */
    public synchronized List<Received> received() { return List.copyOf(received); }

    /** @return the leads Dub recorded, in order */
    public synchronized List<RecordedLead> leads() { return List.copyOf(leads); }

    /** Polls until at least {@code n} leads are recorded; AssertionError with what was seen after {@code timeout}. */
    public List<RecordedLead> awaitLeads(int n, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (this) {
            while (leads.size() < n) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    Map<Integer, Integer> statuses = new LinkedHashMap<>();
                    for (Received r : received) statuses.merge(r.status(), 1, Integer::sum);
                    throw new AssertionError("expected " + n + " leads at the Dub stand-in, saw " + leads.size()
                            + " (requests by status: " + statuses + ")");
                }
                try {
                    wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError("interrupted");
                }
            }
            return List.copyOf(leads);
        }
    }

    /** Forgets leads, requests, dedupe keys, stored customer clicks, rate windows and faults; keeps keys and clicks. */
    public synchronized void reset() {
        leads.clear();
        received.clear();
        dedupe.clear();
        customerClicks.clear();
        admitted.clear();
        faults.clear();
        outage = null;
        latency = Duration.ZERO;
        rateLimitPerMinute = 0;
        if (hold != null) hold.release();
    }

    @Override
    public void close() {
        stop();
        executor.shutdownNow();
    }

    // ---------------------------------------------------------------------------------------------

    private void handle(HttpExchange exchange) throws IOException {
        try {
            String body = readBody(exchange.getRequestBody());
            Map<String, List<String>> headers = new LinkedHashMap<>();
            exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), List.copyOf(v)));
            waitOnHold();
            Duration delay;
            synchronized (this) {
                delay = latency;
            }
            if (!delay.isZero()) pause(delay);
            Answer answer;
            synchronized (this) {
                answer = answer(exchange.getRequestMethod(), exchange.getRequestURI().getPath(), headers, body);
                received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().getPath(), headers, body,
                        answer.drop ? 0 : answer.status, answer.body, System.currentTimeMillis()));
                notifyAll();
            }
            send(exchange, answer);
            exchange.close();
        } catch (DroppedOnPurpose dropped) {
            throw dropped;
        } catch (IOException | RuntimeException e) {
            exchange.close();
            throw e;
        }
    }

    private void waitOnHold() {
        synchronized (this) {
            Hold h = hold;
            if (h == null) return;
            h.waiting++;
            notifyAll();
            try {
                while (!h.released) wait();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                h.waiting--;
            }
        }
    }

    /** Simulated latency: the stand-in is slow on purpose. */
    private static void pause(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static final class Answer {
        int status;
        String body;
        Map<String, String> headers = new LinkedHashMap<>();
        boolean drop;

        Answer(int status, String body) {
            this.status = status;
            this.body = body;
        }
    }

    /** Dub's route, in Dub's order. Called with the lock held. */
    private Answer answer(String method, String path, Map<String, List<String>> headers, String body) {
        Fault fault = outage != null ? outage : faults.poll();
        if (fault != null && !fault.afterDedupe) return faultAnswer(fault);

        if (!path.equals("/track/lead")) return error(404, "not_found", "The requested endpoint does not exist.");
        if (!method.equals("POST")) return error(405, "method_not_allowed", "Use POST.");
        List<String> auth = headers.get("authorization");
        if (auth == null || auth.isEmpty() || auth.get(0).isBlank()) {
            return error(401, "unauthorized", "Missing Authorization header.");
        }
        if (!auth.get(0).startsWith("Bearer ")) {
            return error(400, "bad_request", "Misconfigured authorization header. Did you forget to add 'Bearer '?");
        }
        String key = auth.get(0).substring("Bearer ".length()).trim();
        if (!keys.contains(key)) return error(401, "unauthorized", "Unauthorized: Invalid API key.");
        Answer limited = rateLimit(key);
        if (limited != null) return limited;

        JsonNode json;
        try {
            json = JSON.readTree(body);
        } catch (IOException e) {
            return error(400, "bad_request", "Invalid JSON body.");
        }
        if (json == null || !json.isObject()) return error(400, "bad_request", "Invalid JSON body.");
        JsonNode externalId = json.get("customerExternalId");
        if (externalId == null || externalId.isNull()) return error(400, "bad_request", "customerExternalId is required.");
        String invalid = validate(json);
        if (invalid != null) return error(422, "unprocessable_entity", invalid);
        String customerExternalId = externalId.asText().trim();
        if (customerExternalId.isEmpty()) return error(400, "bad_request", "customerExternalId is required.");

        String eventName = json.get("eventName").asText().trim();
        String mode = text(json, "mode");
        String clickId = json.get("clickId").asText().trim();
        if (clickId.isEmpty()) {
            clickId = customerClicks.get(customerExternalId);
            if (clickId == null) {
                return error(400, "bad_request", "The `clickId` attribute was not provided in the request, and no existing"
                        + " customer with the provided `customerExternalId` was found.");
            }
        }
        long now = System.currentTimeMillis();
        if (!"deferred".equals(mode)) {
            String dedupeKey = customerExternalId + ":" + eventName.toLowerCase(Locale.ROOT).replace(" ", "-");
            Long setAt = dedupe.get(dedupeKey);
            if (setAt != null && now - setAt < DEDUPE_FOR.toMillis()) {
                return new Answer(200, success(clickId, json, false));
            }
            dedupe.put(dedupeKey, now);
        }
        if (fault != null) return faultAnswer(fault); // afterDedupe: the key is set, the lead is not recorded
        if (!clicks.contains(clickId)) return error(404, "not_found", "Click not found for clickId: " + clickId);
        customerClicks.put(customerExternalId, clickId);
        if (!"deferred".equals(mode)) {
            JsonNode quantity = json.get("eventQuantity");
            JsonNode metadata = json.get("metadata");
            leads.add(new RecordedLead(clickId, customerExternalId, eventName, text(json, "customerName"),
                    text(json, "customerEmail"), text(json, "customerAvatar"), mode,
                    quantity == null || quantity.isNull() ? null : quantity.asInt(),
                    metadata == null || metadata.isNull() ? null : metadata.toString(), now));
        }
        return new Answer(200, success(clickId, json, true));
    }

    /** Dub's schema (zod): null means valid. */
    private static String validate(JsonNode json) {
        if (!json.get("customerExternalId").isTextual()) return "customerExternalId: Expected string";
        JsonNode clickId = json.get("clickId");
        if (clickId == null || !clickId.isTextual()) return "clickId: Expected string, received " + kind(clickId);
        JsonNode eventName = json.get("eventName");
        if (eventName == null || !eventName.isTextual()) return "eventName: Required";
        int eventLength = eventName.asText().trim().length();
        if (eventLength < 1 || eventLength > 255) return "eventName: String must contain between 1 and 255 character(s)";
        String s = optionalString(json, "customerName", 100);
        if (s != null) return s;
        s = optionalString(json, "customerEmail", 100);
        if (s != null) return s;
        JsonNode email = json.get("customerEmail");
        if (email != null && !email.isNull() && !EMAIL.matcher(email.asText()).matches()) return "customerEmail: Invalid email";
        s = optionalString(json, "customerAvatar", Integer.MAX_VALUE);
        if (s != null) return s;
        JsonNode mode = json.get("mode");
        if (mode != null && !mode.isNull()) {
            if (!mode.isTextual() || !List.of("async", "wait", "deferred").contains(mode.asText())) {
                return "mode: Invalid enum value. Expected 'async' | 'wait' | 'deferred'";
            }
        }
        JsonNode quantity = json.get("eventQuantity");
        if (quantity != null && !quantity.isNull()) {
            if (!quantity.isIntegralNumber()) return "eventQuantity: Expected integer";
            if (quantity.asLong() < 1 || quantity.asLong() > 100) return "eventQuantity: Number must be between 1 and 100";
        }
        JsonNode metadata = json.get("metadata");
        if (metadata != null && !metadata.isNull()) {
            if (!metadata.isObject()) return "metadata: Expected object";
            if (metadata.toString().length() > 10_000) return "metadata: Metadata must be less than 10,000 characters";
        }
        return null;
    }

    private static String optionalString(JsonNode json, String field, int max) {
        JsonNode v = json.get(field);
        if (v == null || v.isNull()) return null;
        if (!v.isTextual()) return field + ": Expected string, received " + kind(v);
        if (v.asText().length() > max) return field + ": String must contain at most " + max + " character(s)";
        return null;
    }

    private static String kind(JsonNode v) {
        return v == null ? "undefined" : v.getNodeType().name().toLowerCase(Locale.ROOT);
    }

    private Answer rateLimit(String key) {
        if (rateLimitPerMinute <= 0) return null;
        long now = System.currentTimeMillis();
        Deque<Long> window = admitted.computeIfAbsent(key, k -> new ArrayDeque<>());
        while (!window.isEmpty() && now - window.peekFirst() >= RATE_WINDOW.toMillis()) window.pollFirst();
        if (window.size() < rateLimitPerMinute) {
            window.addLast(now);
            return null;
        }
        long reset = window.peekFirst() + RATE_WINDOW.toMillis();
        Answer a = error(429, "rate_limit_exceeded", "Too many requests.");
        a.headers.put("Retry-After", Long.toString(reset));
        a.headers.put("X-RateLimit-Limit", Integer.toString(rateLimitPerMinute));
        a.headers.put("X-RateLimit-Remaining", "0");
        a.headers.put("X-RateLimit-Reset", Long.toString(reset));
        return a;
    }

    private Answer faultAnswer(Fault fault) {
        if (fault.drop) {
            Answer a = new Answer(200, "{\"click\":");
            a.drop = true;
            return a;
        }
        if (fault.status == 429) {
            long at = fault.retryAfterEpochMillis != null ? fault.retryAfterEpochMillis : System.currentTimeMillis() + 1000;
            Answer a = error(429, "rate_limit_exceeded", "Too many requests.");
            a.headers.put("Retry-After", Long.toString(at));
            a.headers.put("X-RateLimit-Limit", Integer.toString(Math.max(rateLimitPerMinute, 1)));
            a.headers.put("X-RateLimit-Remaining", "0");
            a.headers.put("X-RateLimit-Reset", Long.toString(at));
            return a;
        }
        return error(fault.status, codeFor(fault.status), "Injected fault.");
    }

    private static String codeFor(int status) {
        switch (status) {
            case 400: return "bad_request";
            case 401: return "unauthorized";
            case 403: return "forbidden";
            case 404: return "not_found";
            case 409: return "conflict";
            case 422: return "unprocessable_entity";
            case 429: return "rate_limit_exceeded";
            default: return status >= 500 ? "internal_server_error" : "bad_request";
        }
    }

    private static Answer error(int status, String code, String message) {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode error = root.putObject("error");
        error.put("code", code);
        error.put("message", message);
        error.put("doc_url", "https://dub.co/docs/api-reference/errors#" + code.replace('_', '-'));
        return new Answer(status, root.toString());
    }

    private static String success(String clickId, JsonNode request, boolean withLink) {
        ObjectNode root = JSON.createObjectNode();
        root.putObject("click").put("id", clickId);
        if (withLink) {
            ObjectNode link = root.putObject("link");
            link.put("id", "link_" + clickId.substring(0, Math.min(6, clickId.length())));
            link.put("domain", "dub.sh");
            link.put("key", "stand-in");
            link.put("url", "https://example.com");
        } else {
            root.putNull("link");
        }
        ObjectNode customer = root.putObject("customer");
        customer.put("name", text(request, "customerName"));
        customer.put("email", text(request, "customerEmail"));
        customer.put("avatar", text(request, "customerAvatar"));
        customer.put("externalId", request.get("customerExternalId").asText().trim());
        return root.toString();
    }

    private static String text(JsonNode json, String field) {
        JsonNode v = json.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static void send(HttpExchange exchange, Answer answer) throws IOException {
        exchange.getResponseHeaders().set("Date",
                DateTimeFormatter.RFC_1123_DATE_TIME.format(Instant.now().atOffset(ZoneOffset.UTC)));
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        answer.headers.forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
        byte[] bytes = answer.body.getBytes(StandardCharsets.UTF_8);
        if (answer.drop) {
            exchange.sendResponseHeaders(200, bytes.length + 100L); // promise more than is sent, then hang up
            OutputStream out = exchange.getResponseBody();
            out.write(bytes);
            out.flush();
            // an exception out of the handler makes the JDK's server close the connection mid-body
            throw new DroppedOnPurpose();
        }
        exchange.sendResponseHeaders(answer.status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** Thrown out of the handler so that the server closes the connection without finishing the answer. */
    private static final class DroppedOnPurpose extends RuntimeException {
        DroppedOnPurpose() { super("connection dropped on purpose", null, false, false); }
    }

    private static String readBody(InputStream in) throws IOException {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
}
