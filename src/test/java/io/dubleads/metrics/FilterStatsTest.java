package io.dubleads.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;

/** What ops read through JMX: typed attributes under SPEC.md's name, and no failure on a name collision. */
class FilterStatsTest {
    private final MBeanServer server = ManagementFactory.getPlatformMBeanServer();

    @Test
    void exposesEveryAttributeUnderTheDocumentedName() throws Exception {
        Counters counters = new Counters();
        FilterStats stats = new FilterStats(counters, () -> 3, () -> 42, () -> true);
        ObjectName name = stats.register("www.shop.test", "/app", "dub-leads", new Log("test"));
        try {
            assertEquals(new ObjectName("io.dubleads:type=DubLeadFilter,host=www.shop.test,context=/app,name=dub-leads"), name);
            counters.accepted.add(5);
            counters.pause("unauthorized");
            counters.lastError("401 unauthorized");
            assertEquals(5L, server.getAttribute(name, "Accepted"));
            assertEquals(3L, server.getAttribute(name, "Pending"));
            assertEquals(42L, server.getAttribute(name, "OldestPendingSeconds"));
            assertEquals(Boolean.TRUE, server.getAttribute(name, "Durable"));
            assertEquals(Boolean.TRUE, server.getAttribute(name, "Paused"));
            assertEquals("unauthorized", server.getAttribute(name, "PauseReason"));
            assertEquals("401 unauthorized", server.getAttribute(name, "LastError"));
            for (String attribute : new String[] {"Delivered", "Duplicates", "Unconfirmed", "Unattributed", "Retried",
                    "Rejected", "DeadLettered", "CookieNotExpired", "LastDeliveryTime"}) {
                assertEquals(0L, server.getAttribute(name, attribute), attribute);
            }
        } finally {
            stats.unregister();
        }
        assertFalse(server.isRegistered(name));
    }

    @Test
    void addsAnInstanceNumberWhenTheNameIsTaken() {
        FilterStats first = new FilterStats(new Counters(), () -> 0, () -> 0, () -> false);
        FilterStats second = new FilterStats(new Counters(), () -> 0, () -> 0, () -> false);
        ObjectName a = first.register("default", "ROOT", "dub", new Log("test"));
        ObjectName b = second.register("default", "ROOT", "dub", new Log("test"));
        try {
            assertNotNull(b);
            assertEquals("2", b.getKeyProperty("instance"));
            assertTrue(server.isRegistered(a) && server.isRegistered(b));
        } finally {
            first.unregister();
            second.unregister();
        }
    }

    @Test
    void quotesValuesThatNeedIt() {
        FilterStats stats = new FilterStats(new Counters(), () -> 0, () -> 0, () -> false);
        ObjectName name = stats.register("default", "/a,b", "dub:leads", new Log("test"));
        try {
            assertEquals("\"/a,b\"", name.getKeyProperty("context"));
            assertEquals("\"dub:leads\"", name.getKeyProperty("name"));
        } finally {
            stats.unregister();
        }
    }
}
