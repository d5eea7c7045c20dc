package io.dubleads.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dubleads.standin.DubStandIn;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Each kind of {@code dub.lead} attribute value reaches Dub as the right body. */
class AttributeValueTest extends ContainerSuite {

    @Override
    TestWebapp configure(TestWebapp webapp) {
        return webapp.param("concurrency", "1"); // in order: assertNothingSent relies on it
    }

    static String query(Map<String, String> params) {
        return params.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    static Map<String, String> params(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put(kv[i], kv[i + 1]);
        return m;
    }

    private DubStandIn.RecordedLead signup(Map<String, String> params, String customer) {
        String click = dub.newClick();
        RawHttp.Response r = getWithClick("/signup?" + query(params), click);
        assertEquals(200, r.status(), r::toString);
        assertExpired(r, "dub_id", "www.shop.test", "shop.test");
        DubStandIn.RecordedLead lead = awaitOneLead(customer);
        assertEquals(click, lead.clickId());
        return lead;
    }

    @Test
    void sendsEveryFieldOfLead() {
        String c = newCustomer();
        DubStandIn.RecordedLead lead = signup(params("type", "lead", "id", c, "name", "Ada Lovelace",
                "email", "ada@example.com", "avatar", "https://img.example.com/ada.png", "eventName", "Trial Started",
                "eventQuantity", "3", "mode", "wait", "plan", "pro"), c);
        assertEquals("Ada Lovelace", lead.customerName());
        assertEquals("ada@example.com", lead.customerEmail());
        assertEquals("https://img.example.com/ada.png", lead.customerAvatar());
        assertEquals("Trial Started", lead.eventName());
        assertEquals(3, lead.eventQuantity());
        assertEquals("wait", lead.mode());
        assertTrue(lead.metadata().contains("\"plan\":\"pro\"") && lead.metadata().contains("\"seats\":3"), lead.metadata());
    }

    @Test
    void sendsFieldsOfMap() {
        String c = newCustomer();
        DubStandIn.RecordedLead lead = signup(params("type", "map", "customerExternalId", c, "customerName", "Grace Hopper",
                "customerEmail", "grace@example.com", "eventName", "Account Created", "eventQuantity", "2", "plan", "team"), c);
        assertEquals("Grace Hopper", lead.customerName());
        assertEquals("grace@example.com", lead.customerEmail());
        assertEquals("Account Created", lead.eventName());
        assertEquals(2, lead.eventQuantity());
        assertTrue(lead.metadata().contains("\"plan\":\"team\"") && lead.metadata().contains("\"trial\":true"), lead.metadata());
    }

    @Test
    void sendsStringAsCustomerId() {
        String c = newCustomer();
        DubStandIn.RecordedLead lead = signup(params("type", "string", "id", c), c);
        assertEquals("Sign Up", lead.eventName());
        assertNull(lead.customerName());
        assertNull(lead.customerEmail());
        assertNull(lead.eventQuantity());
        assertNull(lead.metadata());
    }

    @Test
    void sendsCharSequenceAsCustomerId() {
        String c = newCustomer();
        signup(params("type", "charsequence", "id", c), c);
    }

    @Test
    void readsApplicationBeanThroughGetters() {
        String c = newCustomer();
        DubStandIn.RecordedLead lead = signup(params("type", "bean", "id", c, "name", "Bean User", "email", "bean@example.com"), c);
        assertEquals("Bean User", lead.customerName());
        assertEquals("bean@example.com", lead.customerEmail());
    }

    @Test
    void readsRecordThroughAccessors() {
        String c = newCustomer();
        DubStandIn.RecordedLead lead = signup(params("type", "record", "id", c, "name", "Record User", "email", "rec@example.com"), c);
        assertEquals("Record User", lead.customerName());
        assertEquals("rec@example.com", lead.customerEmail());
    }

    @Test
    void readsNonPublicClassThroughGetters() {
        String c = newCustomer();
        DubStandIn.RecordedLead lead = signup(params("type", "hidden", "id", c, "name", "Hidden User", "email", "hid@example.com"), c);
        assertEquals("Hidden User", lead.customerName());
        assertEquals("hid@example.com", lead.customerEmail());
    }

    @Test
    void refusesUnreadableAttributeAndKeepsCookie() {
        String c = newCustomer();
        RawHttp.Response r = getWithClick("/signup?" + query(params("type", "unreadable", "id", c)), dub.newClick());
        assertEquals(200, r.status(), r::toString);
        assertNoSetCookie(r, "dub_id");
        assertNothingSent();
    }
}
