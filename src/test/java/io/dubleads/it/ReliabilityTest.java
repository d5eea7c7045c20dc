package io.dubleads.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.dubleads.standin.DubStandIn;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * SPEC.md's promise, in real containers: once the filter accepted a lead, it reaches Dub (exactly
 * once, as Dub records it) through outages, 429s, wrong keys, redeploys and a killed JVM — or it is
 * dead-lettered with Dub's reason. Tests that need one container's particulars (Tomcat's redeploy,
 * a Jetty JVM killed with SIGKILL) run on that container only.
 */
class ReliabilityTest extends ContainerSuite {
    private static final Duration DRAIN = Duration.ofSeconds(60);

    @Override
    boolean deploysStandardApp() {
        return false; // each test deploys its own, with the spool it needs
    }

    @Override
    boolean expectsFilterErrors() {
        return true; // wrong keys and outages are logged at ERROR on purpose
    }

    private Path freshSpool() throws IOException {
        return Files.createTempDirectory(work, "spool-");
    }

    private TestWebapp app(Path spool) {
        return TestWebapp.standard(container, dub)
                .param("spoolDirectory", spool == null ? null : spool.toString())
                .param("rateLimit", "100000/min")
                .param("shutdownTimeout", "1s");
    }

    private List<String> signups(String context, int n) {
        List<String> customers = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String customer = newCustomer();
            RawHttp.Response r = get(context + "/signup?id=" + customer, HOST, "dub_id=" + dub.newClick());
            assertEquals(200, r.status(), r::toString);
            assertExpired(r, "dub_id", "www.shop.test", "shop.test");
            customers.add(customer);
        }
        return customers;
    }

    /** Every customer's lead was recorded exactly once by Dub. */
    private void assertDeliveredOnce(List<String> customers) {
        dub.awaitLeads(customers.size(), DRAIN);
        Map<String, Integer> count = new HashMap<>();
        for (DubStandIn.RecordedLead l : dub.leads()) count.merge(l.customerExternalId(), 1, Integer::sum);
        for (String c : customers) assertEquals(1, count.getOrDefault(c, 0), () -> c + " recorded " + count.get(c) + " times");
        assertEquals(customers.size(), dub.leads().size(), () -> "leads: " + dub.leads());
    }

    @Test
    void deliversEveryLeadOnceAfterADubOutage() throws Exception {
        child.deployOrFail("/outage", app(freshSpool()).writeTo(work));
        try {
            dub.outage(DubStandIn.Fault.status(503));
            List<String> customers = signups("/outage", 10);
            poll(() -> dub.received().size() >= 10, DRAIN, () -> "attempts during the outage: " + dub.received().size());
            assertEquals(0, dub.leads().size());
            dub.endOutage();
            assertDeliveredOnce(customers);
        } finally {
            child.undeploy("/outage");
        }
    }

    @Test
    void pausesEverythingUntilAnEpochMillisecondRetryAfter() throws Exception {
        child.deployOrFail("/limited", app(freshSpool()).param("concurrency", "1").writeTo(work));
        try {
            long retryAt = System.currentTimeMillis() + 3_000;
            dub.failNext(1, DubStandIn.Fault.rateLimited(retryAt));
            List<String> customers = signups("/limited", 3);
            assertDeliveredOnce(customers);
            List<DubStandIn.Received> received = dub.received();
            assertEquals(429, received.get(0).status());
            for (DubStandIn.Received r : received.subList(1, received.size())) {
                assertTrue(r.atMillis() >= retryAt - 50, () -> "sent " + (retryAt - r.atMillis()) + " ms before Retry-After");
            }
        } finally {
            child.undeploy("/limited");
        }
    }

    @Test
    void deadLettersAnUnknownClickWithDubsReasonAndNoRetryStorm() throws Exception {
        Path spool = freshSpool();
        child.deployOrFail("/unknown", app(spool).writeTo(work));
        try {
            String customer = newCustomer();
            RawHttp.Response r = get("/unknown/signup?id=" + customer, HOST, "dub_id=neverClicked0001");
            assertExpired(r, "dub_id", "www.shop.test", "shop.test"); // accepted: the filter cannot know Dub's clicks
            Path deadLetters = spool.resolve("dead-letter.jsonl");
            String line = poll(() -> Files.exists(deadLetters) ? readOrNull(deadLetters) : null, DRAIN, () -> "no dead letter");
            assertTrue(line.contains("\"reason\":\"dub-rejected\"") && line.contains("\"status\":404")
                    && line.contains("not_found") && line.contains(customer), line);
            assertEquals(1, dub.received().size(), () -> "a 404 is not retried: " + dub.received());
        } finally {
            child.undeploy("/unknown");
        }
    }

    @Test
    void deliversWhatAWrongKeyKeptOnceRestartedWithTheRightKey() throws Exception {
        Path spool = freshSpool();
        child.deployOrFail("/key", app(spool).param("apiKey", "dub_revoked_0000key").writeTo(work));
        List<String> customers = signups("/key", 3);
        poll(() -> dub.received().stream().anyMatch(r -> r.status() == 401), DRAIN, () -> "no attempt with the wrong key");
        child.undeploy("/key");
        assertEquals(0, dub.leads().size());
        child.deployOrFail("/key", app(spool).writeTo(work));
        try {
            assertDeliveredOnce(customers);
        } finally {
            child.undeploy("/key");
        }
    }

    @Test
    void keepsLeadsAcrossARedeployWithTheDefaultSpoolDirectory() {
        assumeTrue(container == ContainerKind.TOMCAT_11, "Tomcat 11 redeploy");
        dub.stop();
        child.deployOrFail("/redeploy", app(null).writeTo(work)); // default: under catalina.base, not the work dir
        List<String> customers = signups("/redeploy", 5);
        child.undeploy("/redeploy");
        child.deployOrFail("/redeploy", app(null).writeTo(work)); // a fresh webapp directory, as a new WAR would be
        try {
            dub.restart();
            assertDeliveredOnce(customers);
        } finally {
            child.undeploy("/redeploy");
        }
    }

    @Test
    void deliversEveryAcceptedLeadOnceAfterTheJvmWasKilled() throws Exception {
        assumeTrue(container == ContainerKind.JETTY_EE10, "one JVM killed with SIGKILL: Jetty ee10");
        Path spool = freshSpool();
        dub.stop();
        List<String> customers;
        try (ChildContainer doomed = ChildContainer.start(container, "ReliabilityTest-killed", List.of())) {
            doomed.deployOrFail("/killed", app(spool).param("spoolSync", "interval").writeTo(work));
            customers = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                String customer = newCustomer();
                RawHttp.Response r = RawHttp.get(doomed.port(), HOST, "/killed/signup?id=" + customer, "dub_id=" + dub.newClick());
                assertEquals(200, r.status(), r::toString);
                assertExpired(r, "dub_id", "www.shop.test", "shop.test"); // accepted: the filter promised it
                customers.add(customer);
            }
            doomed.kill(); // no destroy(), no fsync of the last interval
        }
        try (ChildContainer reborn = ChildContainer.start(container, "ReliabilityTest-reborn", List.of())) {
            reborn.deployOrFail("/killed", app(spool).writeTo(work));
            dub.restart();
            assertDeliveredOnce(customers);
        }
    }

    @Test
    void aCorruptRecordCostsOnlyItself() throws Exception {
        assumeTrue(container == ContainerKind.JETTY_EE10 || container == ContainerKind.TOMCAT_11, "spool format: one Jetty, one Tomcat");
        Path spool = freshSpool();
        dub.stop();
        child.deployOrFail("/corrupt", app(spool).writeTo(work));
        List<String> customers = signups("/corrupt", 3);
        child.undeploy("/corrupt");
        corruptRecordOf(spool, customers.get(1));
        child.deployOrFail("/corrupt", app(spool).writeTo(work));
        try {
            dub.restart();
            dub.awaitLeads(2, DRAIN);
            List<String> delivered = dub.leads().stream().map(DubStandIn.RecordedLead::customerExternalId).toList();
            assertEquals(List.of(customers.get(0), customers.get(2)), delivered.stream().sorted((a, b) ->
                    Integer.compare(customers.indexOf(a), customers.indexOf(b))).toList());
        } finally {
            child.undeploy("/corrupt");
        }
    }

    @Test
    void deliversFiveHundredConcurrentSignupsOnceEach() throws Exception {
        assumeTrue(container == ContainerKind.JETTY_EE10 || container == ContainerKind.TOMCAT_11, "load: one Jetty, one Tomcat");
        child.deployOrFail("/busy", app(freshSpool()).writeTo(work));
        ExecutorService clients = Executors.newFixedThreadPool(16);
        try {
            List<Future<String>> results = new ArrayList<>();
            for (int i = 0; i < 500; i++) {
                results.add(clients.submit(() -> {
                    String customer = newCustomer();
                    RawHttp.Response r = get("/busy/signup?id=" + customer, HOST, "dub_id=" + dub.newClick());
                    assertEquals(200, r.status(), r::toString);
                    assertExpired(r, "dub_id", "www.shop.test", "shop.test");
                    return customer;
                }));
            }
            List<String> customers = new ArrayList<>();
            for (Future<String> f : results) customers.add(f.get());
            assertDeliveredOnce(customers);
        } finally {
            clients.shutdownNow();
            child.undeploy("/busy");
        }
    }

    @Test
    void refusesLeadsBeyondMaxPendingWithoutFailingTheRequestAndKeepsTheirCookies() throws Exception {
        assumeTrue(container == ContainerKind.JETTY_EE10 || container == ContainerKind.TOMCAT_9, "spool full: one Jetty, one Tomcat");
        dub.stop();
        child.deployOrFail("/full", app(freshSpool()).param("maxPending", "2").writeTo(work));
        try {
            List<String> accepted = signups("/full", 2);
            String refused = newCustomer();
            RawHttp.Response r = get("/full/signup?id=" + refused, HOST, "dub_id=" + dub.newClick());
            assertEquals(200, r.status(), r::toString);
            assertEquals("welcome", r.body());
            assertNoSetCookie(r, "dub_id"); // not accepted: the click stays for a later try
            dub.restart();
            assertDeliveredOnce(accepted);
        } finally {
            child.undeploy("/full");
        }
    }

    /** Flips one byte inside the spool record that holds {@code customer}. */
    private static void corruptRecordOf(Path spool, String customer) throws IOException {
        byte[] needle = customer.getBytes(StandardCharsets.UTF_8);
        try (Stream<Path> files = Files.list(spool)) {
            for (Path f : (Iterable<Path>) files.filter(p -> p.getFileName().toString().startsWith("leads-"))::iterator) {
                byte[] data = Files.readAllBytes(f);
                int at = indexOf(data, needle);
                if (at >= 0) {
                    data[at] ^= 0x20;
                    Files.write(f, data);
                    return;
                }
            }
        }
        throw new AssertionError("no spool record holds " + customer);
    }

    private static int indexOf(byte[] data, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= data.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (data[i + j] != needle[j]) continue outer;
            }
            return i;
        }
        return -1;
    }

    private static String readOrNull(Path file) {
        try {
            String text = Files.readString(file);
            return text.isBlank() ? null : text;
        } catch (IOException e) {
            return null;
        }
    }
}
