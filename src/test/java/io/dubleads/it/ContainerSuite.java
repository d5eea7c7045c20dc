package io.dubleads.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dubleads.standin.DubStandIn;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The container suite's base: each test class runs once per selected container
 * ({@code -Ddub.containers}); per run, one child JVM hosts the container and one Dub stand-in
 * runs in this JVM. Unless a class says otherwise, the standard test webapp is deployed at
 * {@value #APP} before its tests.
 */
@ParameterizedClass(name = "{0}")
@MethodSource("io.dubleads.it.ContainerKind#selected")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ContainerSuite {
    static final String APP = "/app";
    static final String HOST = "www.shop.test";
    static final Duration LEAD_TIMEOUT = Duration.ofSeconds(20);

    @Parameter
    ContainerKind container;

    DubStandIn dub;
    ChildContainer child;
    Path work;

    @BeforeParameterizedClassInvocation
    void startContainer() throws Exception {
        dub = DubStandIn.start();
        String name = getClass().getSimpleName() + "-" + container.id;
        work = Files.createDirectories(ItPaths.workDir().resolve("webapps").resolve(name));
        child = ChildContainer.start(container, name, List.of());
        if (deploysStandardApp()) child.deployOrFail(APP, configure(standardApp()).writeTo(work));
    }

    /** {@link TestWebapp#standard} with a durable spool in a fresh directory. */
    TestWebapp standardApp() {
        try {
            return TestWebapp.standard(container, dub)
                    .param("spoolDirectory", Files.createTempDirectory(work, "spool-").toString());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @AfterParameterizedClassInvocation
    void stopContainer() {
        if (child != null) child.close();
        if (dub != null) dub.close();
    }

    private long logMark;

    @BeforeEach
    void resetDub() {
        dub.reset();
        logMark = child.logMark();
    }

    /** The filter logged no ERROR (SEVERE) during the test, and never the API key. */
    @AfterEach
    void checkLog() {
        String log = child.logSince(logMark);
        assertFalse(log.contains(DubStandIn.API_KEY), () -> container + ": the API key appears in the log:\n" + log);
        if (!expectsFilterErrors()) {
            assertFalse(log.contains("SEVERE: [dub-lead-filter"), () -> container + ": the filter logged an ERROR:\n" + log);
        }
    }

    /** @return whether the class's tests make the filter log errors on purpose */
    boolean expectsFilterErrors() {
        return false;
    }

    /** @return whether {@link #APP} is deployed for the whole class */
    boolean deploysStandardApp() {
        return true;
    }

    /** Extra init-params of the class's standard webapp. */
    TestWebapp configure(TestWebapp webapp) {
        return webapp;
    }

    // ---- requests ---------------------------------------------------------------------------

    static String newCustomer() {
        return "cust-" + UUID.randomUUID().toString().substring(0, 13);
    }

    RawHttp.Response get(String pathAndQuery, String host, String cookie) {
        return RawHttp.get(child.port(), host, pathAndQuery, cookie);
    }

    /** GET {@link #APP}{@code path} with Host {@value #HOST} and {@code dub_id=<click>}. */
    RawHttp.Response getWithClick(String pathAndQuery, String click) {
        return get(APP + pathAndQuery, HOST, "theme=dark; dub_id=" + click + "; session=abc");
    }

    // ---- what Dub received -------------------------------------------------------------------

    /** Waits for the lead of {@code customer}; asserts that exactly one request for it reached Dub. */
    DubStandIn.RecordedLead awaitOneLead(String customer) {
        List<DubStandIn.RecordedLead> leads = dub.awaitLeads(1, LEAD_TIMEOUT);
        List<DubStandIn.RecordedLead> mine = leads.stream().filter(l -> customer.equals(l.customerExternalId())).toList();
        assertEquals(1, mine.size(), () -> "leads recorded: " + leads);
        long requests = dub.received().stream()
                .filter(r -> r.path().equals("/track/lead") && r.body().contains("\"" + customer + "\"")).count();
        assertEquals(1, requests, () -> "requests for " + customer + ": " + dub.received());
        DubStandIn.Received request = dub.received().stream().filter(r -> r.body().contains("\"" + customer + "\"")).findFirst().get();
        assertEquals("POST", request.method());
        assertEquals("Bearer " + DubStandIn.API_KEY, request.header("Authorization"));
        assertTrue(request.header("Content-Type").startsWith("application/json"), request.header("Content-Type"));
        assertTrue(request.header("User-Agent").startsWith("dub-lead-filter/"), request.header("User-Agent"));
        return mine.get(0);
    }

    /**
     * Proves, without sleeping, that the request just made sent nothing to Dub: a later signup on
     * the same filter (a marker) is delivered, and it is the only request Dub saw since the test
     * began. Classes using this configure {@code concurrency=1}, so the filter sends in acceptance
     * order and anything accepted before the marker would have reached Dub first.
     */
    void assertNothingSent() {
        String marker = newCustomer();
        RawHttp.Response r = getWithClick("/signup?id=" + marker, dub.newClick());
        assertEquals(200, r.status(), r::toString);
        awaitLeadOf(marker);
        List<DubStandIn.Received> received = dub.received();
        assertEquals(1, received.size(), () -> "requests besides the marker reached Dub: " + received);
        assertTrue(received.get(0).body().contains("\"" + marker + "\""), () -> received.toString());
    }

    DubStandIn.RecordedLead awaitLeadOf(String customer) {
        return poll(() -> dub.leads().stream().filter(l -> customer.equals(l.customerExternalId())).findFirst().orElse(null),
                LEAD_TIMEOUT, () -> "no lead for " + customer + "; requests: " + dub.received());
    }

    static <T> T poll(Supplier<T> probe, Duration timeout, Supplier<String> failure) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            T value = probe.get();
            if (value != null && !Boolean.FALSE.equals(value)) return value;
            if (System.nanoTime() > deadline) throw new AssertionError(failure.get());
            try {
                Thread.sleep(20); // poll interval, not synchronisation: the deadline decides
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted");
            }
        }
    }

    // ---- cookies ------------------------------------------------------------------------------

    /** One parsed {@code Set-Cookie}: name, value and attributes (lower-cased names). */
    record SetCookie(String name, String value, Map<String, String> attributes, String raw) {
        static SetCookie parse(String raw) {
            String[] parts = raw.split(";");
            int eq = parts[0].indexOf('=');
            Map<String, String> attrs = new LinkedHashMap<>();
            for (int i = 1; i < parts.length; i++) {
                String p = parts[i].trim();
                int e = p.indexOf('=');
                attrs.put((e < 0 ? p : p.substring(0, e)).trim().toLowerCase(Locale.ROOT), e < 0 ? "" : p.substring(e + 1).trim());
            }
            return new SetCookie(parts[0].substring(0, eq).trim(), parts[0].substring(eq + 1).trim(), attrs, raw);
        }

        boolean expires() {
            return value.isEmpty() && ("0".equals(attributes.get("max-age")) || attributes.containsKey("expires"));
        }

        /** "" for host-only */
        String domain() {
            return attributes.getOrDefault("domain", "");
        }
    }

    static List<SetCookie> setCookies(RawHttp.Response r, String name) {
        List<SetCookie> out = new ArrayList<>();
        for (String raw : r.setCookies()) {
            SetCookie c = SetCookie.parse(raw);
            if (c.name().equals(name)) out.add(c);
        }
        return out;
    }

    /**
     * Asserts that {@code name} is expired host-only and for exactly {@code domains}, with
     * {@code Max-Age=0} and {@code Path=/}, and never a Domain with a leading dot.
     */
    static void assertExpired(RawHttp.Response r, String name, String... domains) {
        List<SetCookie> cookies = setCookies(r, name);
        TreeSet<String> seen = new TreeSet<>();
        for (SetCookie c : cookies) {
            assertTrue(c.expires(), () -> "not an expiry: " + c.raw() + "\n" + r);
            assertEquals("0", c.attributes().get("max-age"), () -> "Max-Age: " + c.raw());
            assertEquals("/", c.attributes().get("path"), () -> "Path: " + c.raw());
            assertFalse(c.domain().startsWith("."), () -> "leading dot: " + c.raw());
            assertTrue(seen.add(c.domain()), () -> "twice: " + c.raw() + "\n" + r);
        }
        TreeSet<String> expected = new TreeSet<>(List.of(domains));
        expected.add("");
        assertEquals(expected, seen, () -> "expiring Set-Cookie domains of " + name + " (\"\" = host-only)\n" + r);
    }

    static void assertNoSetCookie(RawHttp.Response r, String name) {
        assertEquals(List.of(), setCookies(r, name), () -> "unexpected Set-Cookie for " + name + "\n" + r);
    }
}
