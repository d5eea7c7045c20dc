package io.dubleads.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.dubleads.Lead;
import io.dubleads.config.Settings;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LeadReaderTest {
    private final LeadReader reader = new LeadReader(Settings.defaults().build());

    record Member(String id, String name, String email) {}

    static class HiddenUser {
        private final long id = 42;
        String getId() { return String.valueOf(id); }
        String getEmail() { return "h@example.com"; }
        boolean isAvatar() { return true; }
    }

    @Test
    void readsRecordsAndNonPublicBeans() throws Exception {
        Lead fromRecord = reader.read(new Member("m1", "Mia", "mia@example.com"));
        assertEquals(Lead.builder("m1").customerName("Mia").customerEmail("mia@example.com").build(), fromRecord);
        Lead fromBean = reader.read(new HiddenUser());
        assertEquals(Lead.builder("42").customerEmail("h@example.com").customerAvatar("true").build(), fromBean);
    }

    @Test
    void readsMapsAndStrings() throws Exception {
        Map<String, Object> m = new HashMap<>();
        m.put("customerExternalId", 7);
        m.put("eventQuantity", "3");
        m.put("clickId", "");
        m.put("metadata", Map.of("k", "v"));
        Lead l = reader.read(m);
        assertEquals("7", l.customerExternalId());
        assertEquals(3, l.eventQuantity());
        assertEquals("", l.clickId());
        assertEquals(Lead.builder("abc").build(), reader.read(new StringBuilder("abc")));
    }

    @Test
    void beanPropertiesFollowTheInitParams() throws Exception {
        Settings.Builder b = Settings.defaults();
        b.customerIdProperty = "email";
        assertEquals("mia@example.com", new LeadReader(b.build()).read(new Member("m1", "Mia", "mia@example.com")).customerExternalId());
    }

    @Test
    void unreadableValuesAreReportedNotThrownAsRuntimeErrors() {
        assertThrows(LeadReader.UnreadableException.class, () -> reader.read(new Object()));
        assertThrows(LeadReader.UnreadableException.class, () -> reader.read(42));
        assertThrows(LeadReader.UnreadableException.class, () -> reader.read(Map.of("customerExternalId", "u", "metadata", "x")));
    }
}
