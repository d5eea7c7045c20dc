package io.dubleads.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.tools.attach.VirtualMachine;
import java.util.Set;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import org.junit.jupiter.api.Test;

/**
 * What ops see with jconsole-style tools: the test attaches to the container's JVM through the
 * Attach API and its local JMX agent (exactly what jconsole and {@code jcmd} do) and reads the
 * filter's MBean.
 */
class JmxTest extends ContainerSuite {

    private static final String PATTERN = "io.dubleads:type=DubLeadFilter,*";

    @Test
    void showsTheFiltersCountersToJmxClientsAndUnregistersOnUndeploy() throws Exception {
        String customer = newCustomer();
        getWithClick("/signup?id=" + customer, dub.newClick());
        awaitOneLead(customer);
        try (JMXConnector connector = attach()) {
            MBeanServerConnection mbeans = connector.getMBeanServerConnection();
            Set<ObjectName> names = mbeans.queryNames(new ObjectName(PATTERN), null);
            ObjectName found = names.stream().filter(n -> "/app".equals(n.getKeyProperty("context"))).findFirst()
                    .orElseThrow(() -> new AssertionError("no MBean for /app among " + names));
            assertEquals("dub-leads", found.getKeyProperty("name"));
            assertTrue(found.getKeyProperty("host") != null, found.toString());
            poll(() -> attribute(mbeans, found, "Delivered").equals(1L), LEAD_TIMEOUT,
                    () -> "Delivered = " + attribute(mbeans, found, "Delivered"));
            assertEquals(1L, attribute(mbeans, found, "Accepted"));
            assertEquals(0L, attribute(mbeans, found, "Pending"));
            assertEquals(Boolean.TRUE, attribute(mbeans, found, "Durable"));
            assertEquals(Boolean.FALSE, attribute(mbeans, found, "Paused"));
            assertTrue((Long) attribute(mbeans, found, "LastDeliveryTime") > 0);

            child.deployOrFail("/second", standardApp().writeTo(work));
            child.undeploy("/second");
            assertTrue(mbeans.queryNames(new ObjectName(PATTERN), null).stream()
                    .noneMatch(n -> "/second".equals(n.getKeyProperty("context"))), "unregistered on destroy()");
            assertTrue(mbeans.isRegistered(found), "the other webapp's MBean stays");
        }
    }

    private JMXConnector attach() throws Exception {
        VirtualMachine vm = VirtualMachine.attach(Long.toString(child.pid()));
        try {
            String address = vm.startLocalManagementAgent();
            return JMXConnectorFactory.connect(new JMXServiceURL(address));
        } finally {
            vm.detach();
        }
    }

    private static Object attribute(MBeanServerConnection mbeans, ObjectName name, String attribute) {
        try {
            return mbeans.getAttribute(name, attribute);
        } catch (Exception e) {
            throw new AssertionError("cannot read " + attribute + " of " + name, e);
        }
    }
}
