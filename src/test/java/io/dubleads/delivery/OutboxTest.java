package io.dubleads.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dubleads.Version;
import io.dubleads.capture.CapturedLead;
import io.dubleads.config.Settings;
import io.dubleads.metrics.Counters;
import io.dubleads.metrics.Log;
import io.dubleads.spool.SpoolRecord;
import io.dubleads.standin.DubStandIn;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The delivery engine against the strict Dub stand-in, over real HTTP; no servlet container. */
class OutboxTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(15);

    private final DubStandIn dub = DubStandIn.start();
    private final Counters counters = new Counters();
    private final RecordingSpool spool = new RecordingSpool();
    private final List<Outbox> started = new ArrayList<>();

    @BeforeAll
    static void shortTimings() {
        System.setProperty("io.dubleads.internal.backoffBaseMillis", "50");
        System.setProperty("io.dubleads.internal.backoffMaxMillis", "200");
        System.setProperty("io.dubleads.internal.probeMillis", "300");
        System.setProperty("io.dubleads.internal.retryAfterMinMillis", "100");
    }

    @AfterEach
    void stop() {
        for (Outbox o : started) o.shutdown();
        dub.close();
    }

    private Settings.Builder settings() {
        Settings.Builder b = Settings.defaults();
        b.apiKey = DubStandIn.API_KEY;
        b.apiUrl = URI.create(dub.url());
        b.rateLimitPermits = 100_000;
        b.shutdownTimeout = Duration.ofSeconds(1);
        return b;
    }

    private Outbox start(Settings.Builder b) {
        return start(b, spool);
    }

    private Outbox start(Settings.Builder b, RecordingSpool s) {
        Outbox o = Outbox.start(b.build(), s, counters, new Log("test"));
        started.add(o);
        return o;
    }

    private static CapturedLead lead(String clickId, String customer) {
        return new CapturedLead(clickId, "Sign Up", customer, null, null, null, "async", null, null);
    }

    private static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("timed out waiting for: " + what);
            Thread.onSpinWait();
            Thread.yield();
        }
    }

    @Test
    void deliversWithDubsHeadersAndLeavesAbsentFieldsOut() throws Exception {
        Outbox outbox = start(settings());
        String click = dub.newClick();
        CapturedLead lead = new CapturedLead(click, "Sign Up", "u-1", "Ada", "ada@example.com", null, "async", 3,
                "{\"plan\":\"pro\"}");
        assertEquals(Outbox.Acceptance.ACCEPTED, outbox.offer(lead));
        DubStandIn.RecordedLead recorded = dub.awaitLeads(1, WAIT).get(0);
        assertEquals(click, recorded.clickId());
        assertEquals("Ada", recorded.customerName());
        assertEquals(3, recorded.eventQuantity());
        DubStandIn.Received r = dub.received().get(0);
        assertEquals("Bearer " + DubStandIn.API_KEY, r.header("Authorization"));
        assertEquals(Version.userAgent(), r.header("User-Agent"));
        assertTrue(r.header("Content-Type").startsWith("application/json"));
        JsonNode body = JSON.readTree(r.body());
        assertFalse(body.has("customerAvatar"), r.body());
        assertEquals("pro", body.path("metadata").path("plan").asText());
        await("delivered counted", () -> counters.delivered.sum() == 1 && outbox.pending() == 0);
        assertTrue(counters.lastDeliveryTime() > 0);
    }

    @Test
    void retriesThroughAnOutageAndDeliversEachLeadOnce() {
        dub.outage(DubStandIn.Fault.status(503));
        Outbox outbox = start(settings());
        for (int i = 0; i < 20; i++) outbox.offer(lead(dub.newClick(), "outage-" + i));
        await("retries during the outage", () -> counters.retried.sum() >= 20);
        dub.endOutage();
        List<DubStandIn.RecordedLead> leads = dub.awaitLeads(20, WAIT);
        await("all delivered", () -> outbox.pending() == 0);
        assertEquals(20, leads.stream().map(DubStandIn.RecordedLead::customerExternalId).distinct().count());
        assertEquals(20, dub.leads().size());
        assertEquals(20, counters.delivered.sum());
        assertTrue(spool.deadLetters().isEmpty());
    }

    @Test
    void retriesDroppedConnectionsAndTimeouts() {
        dub.failNext(1, DubStandIn.Fault.dropConnection());
        Outbox outbox = start(settings());
        outbox.offer(lead(dub.newClick(), "dropped"));
        dub.awaitLeads(1, WAIT);
        await("delivered", () -> outbox.pending() == 0);
        assertEquals(1, counters.retried.sum());
    }

    @Test
    void holdsAllSendingUntilAnEpochMillisecondRetryAfter() {
        long retryAt = System.currentTimeMillis() + 3_000;
        dub.failNext(1, DubStandIn.Fault.rateLimited(retryAt));
        Settings.Builder b = settings();
        b.concurrency = 1; // the second lead waits for the first answer, then for the hold
        Outbox outbox = start(b);
        outbox.offer(lead(dub.newClick(), "limited-1"));
        outbox.offer(lead(dub.newClick(), "limited-2"));
        dub.awaitLeads(2, WAIT);
        List<DubStandIn.Received> received = dub.received();
        assertEquals(429, received.get(0).status());
        for (DubStandIn.Received r : received.subList(1, received.size())) {
            assertTrue(r.atMillis() >= retryAt - 50, "sent " + (retryAt - r.atMillis()) + " ms before Retry-After");
        }
        assertEquals(3, received.size());
    }

    @Test
    void pausesOnAWrongKeyAndResumesWhenTheProbeSucceeds() {
        Settings.Builder b = settings();
        b.apiKey = "dub_wrong_key_1234";
        Outbox outbox = start(b);
        outbox.offer(lead(dub.newClick(), "paused-1"));
        outbox.offer(lead(dub.newClick(), "paused-2"));
        await("paused", counters::paused);
        assertEquals("unauthorized", counters.pauseReason());
        assertEquals("401 unauthorized", counters.lastError());
        int requestsWhilePaused = dub.received().size();
        assertTrue(requestsWhilePaused <= 2, "a paused filter only probes: " + requestsWhilePaused);
        dub.addKey("dub_wrong_key_1234"); // the operator fixed it at Dub's side
        dub.awaitLeads(2, WAIT);
        await("resumed", () -> !counters.paused() && outbox.pending() == 0);
        assertTrue(spool.deadLetters().isEmpty());
    }

    @Test
    void keepsLeadsAndSendsNothingWithoutAnApiKey() {
        Settings.Builder b = settings();
        b.apiKey = null;
        Outbox outbox = start(b);
        assertEquals(Outbox.Acceptance.ACCEPTED, outbox.offer(lead(dub.newClick(), "nokey")));
        assertTrue(counters.paused());
        assertEquals("no-api-key", counters.pauseReason());
        assertEquals(1, outbox.pending());
        assertEquals(0, dub.received().size());
    }

    @Test
    void deadLettersAnUnknownClickWithDubsReasonAndNoRetryStorm() throws Exception {
        Outbox outbox = start(settings());
        outbox.offer(lead("unknownClick0001", "nf-1"));
        await("dead-lettered", () -> counters.deadLettered.sum() == 1 && outbox.pending() == 0);
        assertEquals(0, outbox.pending());
        assertEquals(1, dub.received().size());
        JsonNode line = JSON.readTree(spool.deadLetters().get(0));
        assertEquals(1, line.path("v").asInt());
        assertEquals("dub-rejected", line.path("reason").asText());
        assertEquals(404, line.path("status").asInt());
        assertEquals("not_found", line.path("error").path("error").path("code").asText());
        assertEquals("unknownClick0001", line.path("body").path("clickId").asText());
        assertEquals(1, line.path("attempts").asInt());
        assertTrue(line.has("firstAttemptAt") && line.has("lastAttemptAt"));
    }

    @Test
    void resendsOnceWithTheRequiredFieldsAfterA422() throws Exception {
        dub.failNext(1, 422);
        Outbox outbox = start(settings());
        String click = dub.newClick();
        outbox.offer(new CapturedLead(click, "Sign Up", "u422", "Ada", "ada@example.com", null, "async", 2, "{\"a\":1}"));
        DubStandIn.RecordedLead recorded = dub.awaitLeads(1, WAIT).get(0);
        assertEquals(click, recorded.clickId());
        assertNull(recorded.customerEmail());
        JsonNode resent = JSON.readTree(dub.received().get(1).body());
        assertEquals(4, resent.size(), resent.toString()); // clickId, eventName, customerExternalId, mode
        await("delivered", () -> outbox.pending() == 0);
    }

    @Test
    void deadLettersADuplicateAnswerAfterAFailedAttemptAsUnconfirmed() throws Exception {
        dub.failNext(1, DubStandIn.Fault.afterDedupe(500));
        Outbox outbox = start(settings());
        outbox.offer(lead(dub.newClick(), "swallowed"));
        await("unconfirmed", () -> counters.unconfirmed.sum() == 1 && outbox.pending() == 0);
        assertEquals(0, dub.leads().size());
        JsonNode line = JSON.readTree(spool.deadLetters().get(0));
        assertEquals("dub-dedupe-after-error", line.path("reason").asText());
        assertEquals(2, line.path("attempts").asInt());
        assertEquals(0, outbox.pending());
    }

    @Test
    void remembersAFailedAttemptAcrossARestart() throws Exception {
        // a lead whose earlier attempt failed, then the JVM died: Dub's duplicate answer is unconfirmed
        String click = dub.newClick();
        byte[] record = LeadJson.record(LeadJson.body(lead(click, "restarted")), System.currentTimeMillis());
        dub.failNext(1, DubStandIn.Fault.afterDedupe(500));
        Outbox first = start(settings(), new RecordingSpool());
        first.offer(lead(click, "restarted"));
        await("first attempt failed", () -> counters.retried.sum() >= 1);
        RecordingSpool afterRestart = new RecordingSpool(List.of(new SpoolRecord(7, record, true)));
        start(settings(), afterRestart);
        await("unconfirmed", () -> afterRestart.deadLetters().size() == 1);
        assertTrue(afterRestart.deadLetters().get(0).contains("dub-dedupe-after-error"));
    }

    @Test
    void countsAnUnattributedLeadWithoutADeadLetter() {
        Outbox outbox = start(settings());
        outbox.offer(new CapturedLead("", "Sign Up", "organic-1", null, null, null, null, null, null));
        await("unattributed", () -> counters.unattributed.sum() == 1 && outbox.pending() == 0);
        assertTrue(spool.deadLetters().isEmpty());
        assertFalse(dub.received().get(0).body().contains("\"mode\""), "a clickId \"\" lead goes without a mode");
    }

    @Test
    void sendsTheDeferredFollowUpAfterTheDeferredLead() {
        Outbox outbox = start(settings());
        String click = dub.newClick();
        assertEquals(Outbox.Acceptance.ACCEPTED,
                outbox.offer(new CapturedLead(click, "Sign Up", "deferred-1", null, null, null, "deferred", null, null)));
        assertEquals(Outbox.Acceptance.ACCEPTED,
                outbox.offer(new CapturedLead("", "Sign Up", "deferred-1", null, null, null, null, null, null)));
        List<DubStandIn.RecordedLead> leads = dub.awaitLeads(1, WAIT);
        assertEquals(click, leads.get(0).clickId());
        await("both answered", () -> outbox.pending() == 0);
        assertEquals(0, counters.unattributed.sum());
    }

    @Test
    void sendsTheSameLeadTwiceWithinTenMinutesOnce() {
        Outbox outbox = start(settings());
        String click = dub.newClick();
        assertEquals(Outbox.Acceptance.ACCEPTED, outbox.offer(lead(click, "double")));
        assertEquals(Outbox.Acceptance.DUPLICATE, outbox.offer(new CapturedLead(click, " sign up ", "double", null, null,
                null, "async", null, null)));
        dub.awaitLeads(1, WAIT);
        await("delivered", () -> outbox.pending() == 0);
        assertEquals(1, dub.received().size());
        assertEquals(1, counters.duplicates.sum());
        assertEquals(2, counters.accepted.sum());
    }

    @Test
    void deliversLeadsOfOneCustomerInTheOrderAccepted() throws Exception {
        dub.failNext(3, 503);
        Outbox outbox = start(settings());
        String click = dub.newClick();
        for (int i = 0; i < 5; i++) {
            outbox.offer(new CapturedLead(click, "Step " + i, "ordered", null, null, null, "async", null, null));
        }
        List<DubStandIn.RecordedLead> leads = dub.awaitLeads(5, WAIT);
        for (int i = 0; i < 5; i++) assertEquals("Step " + i, leads.get(i).eventName());
        await("done", () -> outbox.pending() == 0);
    }

    @Test
    void neverHasMoreThanConcurrencyRequestsInFlight() {
        DubStandIn.Hold hold = dub.hold();
        Settings.Builder b = settings();
        b.concurrency = 2;
        Outbox outbox = start(b);
        for (int i = 0; i < 6; i++) outbox.offer(lead(dub.newClick(), "conc-" + i));
        hold.awaitWaiting(2, WAIT);
        // the sender is blocked on its two permits: every one of the other leads is still pending, unsent
        assertEquals(6, outbox.pending());
        assertEquals(2, hold.waiting());
        hold.release();
        dub.awaitLeads(6, WAIT);
        assertEquals(6, dub.received().size());
    }

    @Test
    void staysUnderTheRateLimitWindow() {
        Settings.Builder b = settings();
        b.rateLimitPermits = 10;
        b.rateLimitWindow = Duration.ofSeconds(1);
        Outbox outbox = start(b);
        for (int i = 0; i < 25; i++) outbox.offer(lead(dub.newClick(), "rate-" + i));
        dub.awaitLeads(25, WAIT);
        List<DubStandIn.Received> received = dub.received();
        for (int i = 0; i + 9 < received.size(); i++) {
            long span = received.get(i + 9).atMillis() - received.get(i).atMillis();
            assertTrue(span >= 900, "10 requests within " + span + " ms: over 95% of 10/s");
        }
    }

    @Test
    void deadLettersALeadStillFailingAfterRetryFor() {
        dub.outage(DubStandIn.Fault.status(500));
        Settings.Builder b = settings();
        b.retryFor = Duration.ofMillis(300);
        Outbox outbox = start(b);
        outbox.offer(lead(dub.newClick(), "expired"));
        await("dead-lettered", () -> counters.deadLettered.sum() == 1 && outbox.pending() == 0);
        assertTrue(spool.deadLetters().get(0).contains("retry-for-exceeded"));
        assertEquals(0, outbox.pending());
    }

    @Test
    void refusesLeadsAfterShutdownAndStopsItsThreads() {
        Outbox outbox = start(settings());
        outbox.offer(lead(dub.newClick(), "before"));
        dub.awaitLeads(1, WAIT);
        outbox.shutdown();
        started.remove(outbox);
        assertEquals(Outbox.Acceptance.FAILING, outbox.offer(lead(dub.newClick(), "after")));
        await("threads gone", () -> Thread.getAllStackTraces().keySet().stream()
                .noneMatch(t -> t.getName().startsWith("dub-lead-filter-") && t.isAlive()));
    }

    @Test
    void deadLettersAnUnreadableRecordAndDeliversTheOthers() {
        byte[] good = LeadJson.record(LeadJson.body(lead(dub.newClick(), "good")), System.currentTimeMillis());
        RecordingSpool s = new RecordingSpool(List.of(new SpoolRecord(1, "{not json".getBytes(StandardCharsets.UTF_8), false),
                new SpoolRecord(2, good, false)));
        start(settings(), s);
        dub.awaitLeads(1, WAIT);
        assertEquals(1, s.deadLetters().size());
        assertTrue(s.deadLetters().get(0).contains("unreadable-spool-record"));
    }
}
