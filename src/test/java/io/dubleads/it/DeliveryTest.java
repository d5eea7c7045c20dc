package io.dubleads.it;

import static io.dubleads.it.AttributeValueTest.params;
import static io.dubleads.it.AttributeValueTest.query;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.dubleads.standin.DubStandIn;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The request never waits for Dub; bad input is repaired or refused, never sent as is. */
class DeliveryTest extends ContainerSuite {

    @Override
    TestWebapp configure(TestWebapp webapp) {
        return webapp.param("concurrency", "1"); // in order: assertNothingSent relies on it
    }

    private RawHttp.Response signup(Map<String, String> params, String click) {
        RawHttp.Response r = getWithClick("/signup?" + query(params), click);
        assertEquals(200, r.status(), r::toString);
        return r;
    }

    @Test
    void answersSignupWhileDubHoldsTheLead() {
        DubStandIn.Hold hold = dub.hold();
        try {
            String c = newCustomer();
            String click = dub.newClick();
            RawHttp.Response r = signup(params("id", c), click); // complete, while Dub answers nothing
            assertEquals("welcome", r.body());
            assertExpired(r, "dub_id", "www.shop.test", "shop.test");
            hold.awaitWaiting(1, LEAD_TIMEOUT); // the lead is on its way, held at Dub
            assertEquals(0, dub.leads().size());
            hold.release();
            assertEquals(click, awaitOneLead(c).clickId());
        } finally {
            hold.release();
        }
    }

    @Test
    void sendsLeadWithoutInvalidEmail() {
        String c = newCustomer();
        RawHttp.Response r = signup(params("type", "map", "customerExternalId", c, "customerName", "No Mail",
                "customerEmail", "not-an-email"), dub.newClick());
        assertExpired(r, "dub_id", "www.shop.test", "shop.test");
        DubStandIn.RecordedLead lead = awaitOneLead(c);
        assertNull(lead.customerEmail());
        assertEquals("No Mail", lead.customerName());
        DubStandIn.Received request = dub.received().get(0);
        assertEquals(false, request.body().contains("not-an-email"), request.body());
    }

    @Test
    void clampsEventQuantityToHundred() {
        String c = newCustomer();
        signup(params("type", "map", "customerExternalId", c, "eventQuantity", "500"), dub.newClick());
        assertEquals(100, awaitOneLead(c).eventQuantity());
    }

    @Test
    void refusesLeadWithoutCustomerIdAndKeepsCookie() {
        RawHttp.Response r = signup(params("type", "map", "customerName", "Nobody", "customerEmail", "nobody@example.com"),
                dub.newClick());
        assertNoSetCookie(r, "dub_id");
        assertNothingSent();
    }

    @Test
    void refusesOverlongCustomerIdAndKeepsCookie() {
        RawHttp.Response r = signup(params("id", "c".repeat(101)), dub.newClick());
        assertNoSetCookie(r, "dub_id");
        assertNothingSent();
    }

    @Test
    void deliversDeferredLeadLaterWithoutCookieThroughStoredClick() {
        String c = newCustomer();
        String click = dub.newClick();
        // signup: Dub only links customer and click (mode deferred), records no lead
        RawHttp.Response first = signup(params("type", "lead", "id", c, "mode", "deferred"), click);
        assertExpired(first, "dub_id", "www.shop.test", "shop.test");
        poll(() -> dub.received().stream().anyMatch(x -> x.status() == 200 && x.body().contains("\"deferred\"")),
                LEAD_TIMEOUT, () -> "the deferred lead did not reach Dub: " + dub.received());
        assertEquals(0, dub.leads().size());
        // later, e.g. after email verification, without the cookie: clickId "" asks Dub for the stored click
        RawHttp.Response later = get(APP + "/signup?" + query(params("type", "lead", "id", c, "clickId", "", "eventName",
                "Email Verified")), HOST, null);
        assertEquals(200, later.status(), later::toString);
        assertEquals(java.util.List.of(), later.setCookies(), later::toString);
        DubStandIn.RecordedLead lead = awaitLeadOf(c);
        assertEquals(click, lead.clickId());
        assertEquals("Email Verified", lead.eventName());
        assertNull(lead.mode(), "Dub wants the clickId \"\" call without a mode");
    }
}
