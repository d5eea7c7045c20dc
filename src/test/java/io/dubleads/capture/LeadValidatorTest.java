package io.dubleads.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dubleads.Lead;
import io.dubleads.config.Settings;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LeadValidatorTest {
    private final LeadValidator validator = new LeadValidator(Settings.defaults().build());

    @Test
    void cookieClickIdAndDefaultsFillTheLead() {
        CapturedLead l = validator.validate(Lead.builder(" u1 ").build(), "click_1-A").lead;
        assertEquals(new CapturedLead("click_1-A", "Sign Up", "u1", null, null, null, "async", null, null), l);
    }

    @Test
    void refusesWhatDubWouldRejectOrWhatCannotBeAttributed() {
        assertEquals("invalid-click-id", validator.validate(Lead.builder("u").build(), "bad id!").refusal);
        assertEquals("invalid-click-id", validator.validate(Lead.builder("u").build(), "x".repeat(65)).refusal);
        assertEquals("missing-customer-external-id", validator.validate(Lead.builder("  ").build(), "c").refusal);
        assertEquals("customer-external-id-over-100", validator.validate(Lead.builder("i".repeat(101)).build(), "c").refusal);
        assertEquals("event-name-over-255", validator.validate(Lead.builder("u").eventName("e".repeat(256)).build(), "c").refusal);
        assertEquals("unsupported-metadata", validator.validate(
                Lead.builder("u").metadata(Map.of("when", new java.util.Date())).build(), "c").refusal);
        assertEquals("unsupported-metadata", validator.validate(
                Lead.builder("u").metadata(Map.of("a", Map.of("b", Map.of("c", Map.of("d", Map.of("e", Map.of())))))).build(), "c").refusal);
        assertEquals("invalid-mode", validator.validate(Lead.builder("u").mode("later").build(), "c").refusal);
    }

    @Test
    void noClickMeansNothingToSendUnlessTrackWithoutClick() {
        assertTrue(validator.validate(Lead.builder("u").build(), null).noClick());
        Settings.Builder b = Settings.defaults();
        b.trackWithoutClick = true;
        CapturedLead l = new LeadValidator(b.build()).validate(Lead.builder("u").build(), null).lead;
        assertEquals("", l.clickId());
        assertNull(l.mode(), "Dub wants a clickId \"\" call without a mode");
    }

    @Test
    void explicitEmptyClickIdIsTheDeferredFollowUpWithoutDefaultMode() {
        CapturedLead l = validator.validate(Lead.builder("u").clickId("").build(), null).lead;
        assertEquals("", l.clickId());
        assertNull(l.mode());
        assertEquals("deferred", validator.validate(Lead.builder("u").mode("DEFERRED").build(), "c").lead.mode());
    }

    @Test
    void repairsWhatCanBeLeftOutOrClamped() {
        LeadValidator.Verdict v = validator.validate(Lead.builder("u").customerEmail("not-an-email")
                .customerName("n".repeat(101)).eventQuantity(500)
                .metadata(Map.of("big", "m".repeat(10_001))).build(), "c");
        assertNull(v.lead.customerEmail());
        assertNull(v.lead.customerName());
        assertNull(v.lead.metadataJson());
        assertEquals(100, v.lead.eventQuantity());
        assertEquals(4, v.repairs.size());
        assertEquals(1, validator.validate(Lead.builder("u").eventQuantity(0).build(), "c").lead.eventQuantity());
        assertNull(validator.validate(Lead.builder("u").customerEmail("a".repeat(95) + "@x.com").build(), "c").lead.customerEmail());
    }

    @Test
    void keepsValidFieldsAndSerializesMetadataOnce() {
        CapturedLead l = validator.validate(Lead.builder("u").customerEmail("ann.lee+x@shop.example")
                .customerName("Ann").metadata(Map.of("plan", "pro", "seats", List.of(1, 2))).build(), "c").lead;
        assertEquals("ann.lee+x@shop.example", l.customerEmail());
        assertEquals("Ann", l.customerName());
        assertTrue(l.metadataJson().contains("\"plan\":\"pro\"") && l.metadataJson().contains("\"seats\":[1,2]"));
    }
}
