package io.dubleads.standin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The stand-in must be as strict as Dub, or the filter's tests prove nothing. */
class DubStandInTest {
    private final DubStandIn dub = DubStandIn.start();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @AfterEach
    void stop() {
        dub.close();
    }

    private HttpResponse<String> post(String auth, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(dub.url() + "/track/lead"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (auth != null) b.header("Authorization", auth);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> lead(String body) throws Exception {
        return post("Bearer " + DubStandIn.API_KEY, body);
    }

    @Test
    void recordsALeadForAKnownClick() throws Exception {
        String click = dub.newClick();
        HttpResponse<String> r = lead("{\"clickId\":\"" + click + "\",\"eventName\":\"Sign Up\",\"customerExternalId\":\"u1\","
                + "\"customerEmail\":\"a@b.co\",\"eventQuantity\":2,\"metadata\":{\"plan\":\"pro\"}}");
        assertEquals(200, r.statusCode());
        assertTrue(r.body().contains("\"link\":{"), r.body());
        assertNotNull(r.headers().firstValue("Date").orElse(null));
        DubStandIn.RecordedLead l = dub.leads().get(0);
        assertEquals(click, l.clickId());
        assertEquals("u1", l.customerExternalId());
        assertEquals(2, l.eventQuantity());
        assertEquals("{\"plan\":\"pro\"}", l.metadata());
    }

    @Test
    void refusesMissingOrUnknownKeysAndAHeaderWithoutBearer() throws Exception {
        String body = "{\"clickId\":\"" + dub.newClick() + "\",\"eventName\":\"Sign Up\",\"customerExternalId\":\"u1\"}";
        assertEquals(401, post(null, body).statusCode());
        assertEquals(401, post("Bearer dub_wrong", body).statusCode());
        HttpResponse<String> noBearer = post(DubStandIn.API_KEY, body);
        assertEquals(400, noBearer.statusCode());
        assertTrue(noBearer.body().contains("\"code\":\"bad_request\""), noBearer.body());
        assertEquals(0, dub.leads().size());
    }

    @Test
    void validatesLikeDub() throws Exception {
        String click = dub.newClick();
        assertEquals(400, lead("{\"clickId\":\"" + click + "\",\"eventName\":\"Sign Up\"}").statusCode());
        assertEquals(400, lead("not json").statusCode());
        assertEquals(422, lead("{\"clickId\":\"" + click + "\",\"customerExternalId\":\"u\"}").statusCode());
        assertEquals(422, lead("{\"clickId\":\"" + click + "\",\"eventName\":\"x\",\"customerExternalId\":\"u\",\"customerEmail\":\"nope\"}").statusCode());
        assertEquals(422, lead("{\"clickId\":\"" + click + "\",\"eventName\":\"x\",\"customerExternalId\":\"u\",\"eventQuantity\":101}").statusCode());
        assertEquals(422, lead("{\"clickId\":\"" + click + "\",\"eventName\":\"x\",\"customerExternalId\":\"u\",\"metadata\":{\"a\":\""
                + "x".repeat(10_000) + "\"}}").statusCode());
        HttpResponse<String> r = lead("{\"clickId\":\"" + click + "\",\"eventName\":\"" + "e".repeat(256) + "\",\"customerExternalId\":\"u\"}");
        assertEquals(422, r.statusCode());
        assertTrue(r.body().contains("unprocessable_entity"), r.body());
        assertEquals(0, dub.leads().size());
    }

    @Test
    void answersADuplicateWithANullLinkEvenAfterA404() throws Exception {
        HttpResponse<String> unknown = lead("{\"clickId\":\"unknownClick00001\",\"eventName\":\"Sign Up\",\"customerExternalId\":\"u1\"}");
        assertEquals(404, unknown.statusCode());
        dub.registerClick("unknownClick00001");
        HttpResponse<String> retry = lead("{\"clickId\":\"unknownClick00001\",\"eventName\":\"sign up\",\"customerExternalId\":\"u1\"}");
        assertEquals(200, retry.statusCode());
        assertTrue(retry.body().contains("\"link\":null"), retry.body());
        assertEquals(0, dub.leads().size());
    }

    @Test
    void usesTheStoredClickForAnEmptyClickIdAfterADeferredLead() throws Exception {
        assertEquals(400, lead("{\"clickId\":\"\",\"eventName\":\"Sign Up\",\"customerExternalId\":\"u2\"}").statusCode());
        String click = dub.newClick();
        assertEquals(200, lead("{\"clickId\":\"" + click + "\",\"eventName\":\"Sign Up\",\"customerExternalId\":\"u2\",\"mode\":\"deferred\"}").statusCode());
        assertEquals(0, dub.leads().size(), "a deferred lead records no lead");
        HttpResponse<String> r = lead("{\"clickId\":\"\",\"eventName\":\"Sign Up\",\"customerExternalId\":\"u2\"}");
        assertEquals(200, r.statusCode());
        assertEquals(click, dub.leads().get(0).clickId());
    }

    @Test
    void rateLimitsPerKeyWithEpochMillisecondHeaders() throws Exception {
        dub.setRateLimit(2);
        for (int i = 0; i < 2; i++) {
            assertEquals(200, lead("{\"clickId\":\"" + dub.newClick() + "\",\"eventName\":\"Sign Up\",\"customerExternalId\":\"r" + i + "\"}").statusCode());
        }
        long before = System.currentTimeMillis();
        HttpResponse<String> r = lead("{\"clickId\":\"" + dub.newClick() + "\",\"eventName\":\"Sign Up\",\"customerExternalId\":\"r9\"}");
        assertEquals(429, r.statusCode());
        long retryAfter = Long.parseLong(r.headers().firstValue("Retry-After").orElseThrow());
        assertTrue(retryAfter > before && retryAfter <= before + 61_000, "epoch ms: " + retryAfter);
        assertEquals("0", r.headers().firstValue("X-RateLimit-Remaining").orElseThrow());
        assertEquals(Long.toString(retryAfter), r.headers().firstValue("X-RateLimit-Reset").orElseThrow());
    }

    @Test
    void failsOnCommandAndRefusesConnectionsWhileStopped() throws Exception {
        String body = "{\"clickId\":\"" + dub.newClick() + "\",\"eventName\":\"Sign Up\",\"customerExternalId\":\"f\"}";
        dub.failNext(1, 503);
        assertEquals(503, lead(body).statusCode());
        dub.failNext(1, DubStandIn.Fault.dropConnection());
        assertThrows(IOException.class, () -> lead(body));
        dub.stop();
        assertThrows(IOException.class, () -> lead(body));
        dub.restart();
        assertEquals(200, lead(body).statusCode());
        assertEquals(1, dub.awaitLeads(1, Duration.ofSeconds(5)).size());
    }

    @Test
    void swallowsTheRetryOfARequestThatFailedAfterTheDedupeKeyWasSet() throws Exception {
        String body = "{\"clickId\":\"" + dub.newClick() + "\",\"eventName\":\"Sign Up\",\"customerExternalId\":\"s\"}";
        dub.failNext(1, DubStandIn.Fault.afterDedupe(500));
        assertEquals(500, lead(body).statusCode());
        HttpResponse<String> retry = lead(body);
        assertEquals(200, retry.statusCode());
        assertTrue(retry.body().contains("\"link\":null"));
        assertEquals(0, dub.leads().size());
    }

    @Test
    void holdsRequestsUntilReleased() throws Exception {
        DubStandIn.Hold hold = dub.hold();
        String body = "{\"clickId\":\"" + dub.newClick() + "\",\"eventName\":\"Sign Up\",\"customerExternalId\":\"h\"}";
        var pending = http.sendAsync(HttpRequest.newBuilder(URI.create(dub.url() + "/track/lead"))
                .header("Authorization", "Bearer " + DubStandIn.API_KEY)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        hold.awaitWaiting(1, Duration.ofSeconds(5));
        assertEquals(0, dub.leads().size());
        hold.release();
        assertEquals(200, pending.get().statusCode());
    }
}
