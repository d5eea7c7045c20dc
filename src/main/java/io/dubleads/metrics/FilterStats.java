package io.dubleads.metrics;

import java.lang.management.ManagementFactory;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import javax.management.InstanceAlreadyExistsException;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/** The JMX view of a filter instance's {@link Counters}, plus the pending-lead gauges. */
public final class FilterStats implements FilterStatsMXBean {
    private final Counters counters;
    private final LongSupplier pending;
    private final LongSupplier oldestPendingSeconds;
    private final BooleanSupplier durable;
    private ObjectName registeredAs;

    public FilterStats(Counters counters, LongSupplier pending, LongSupplier oldestPendingSeconds, BooleanSupplier durable) {
        this.counters = counters;
        this.pending = pending;
        this.oldestPendingSeconds = oldestPendingSeconds;
        this.durable = durable;
    }

    @Override public long getAccepted() { return counters.accepted.sum(); }
    @Override public long getDelivered() { return counters.delivered.sum(); }
    @Override public long getDuplicates() { return counters.duplicates.sum(); }
    @Override public long getUnconfirmed() { return counters.unconfirmed.sum(); }
    @Override public long getUnattributed() { return counters.unattributed.sum(); }
    @Override public long getRetried() { return counters.retried.sum(); }
    @Override public long getRejected() { return counters.rejected.sum(); }
    @Override public long getDeadLettered() { return counters.deadLettered.sum(); }
    @Override public long getCookieNotExpired() { return counters.cookieNotExpired.sum(); }
    @Override public long getPending() { return pending.getAsLong(); }
    @Override public long getOldestPendingSeconds() { return oldestPendingSeconds.getAsLong(); }
    @Override public boolean isDurable() { return durable.getAsBoolean(); }
    @Override public boolean isPaused() { return counters.paused(); }
    @Override public String getPauseReason() { return counters.pauseReason(); }
    @Override public String getLastError() { return counters.lastError(); }
    @Override public long getLastDeliveryTime() { return counters.lastDeliveryTime(); }

    /**
     * Registers with the platform MBean server; on a name collision (an overlapping redeploy, a
     * second instance) adds {@code ,instance=N} and warns. Never fails the filter.
     *
     * @return the name registered under, or null when JMX refused
     */
    public ObjectName register(String host, String context, String filterName, Log log) {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        String base = "io.dubleads:type=DubLeadFilter,host=" + value(host) + ",context=" + value(context)
                + ",name=" + value(filterName);
        try {
            for (int instance = 1; instance < 1000; instance++) {
                ObjectName name = new ObjectName(instance == 1 ? base : base + ",instance=" + instance);
                try {
                    server.registerMBean(this, name);
                    if (instance > 1) {
                        log.warn("JMX name " + base + " is taken (another instance, or an old deployment still"
                                + " running): registered as " + name);
                    }
                    registeredAs = name;
                    return name;
                } catch (InstanceAlreadyExistsException taken) {
                    // try the next instance number
                }
            }
        } catch (JMException | RuntimeException e) {
            log.warn("could not register the JMX MBean " + base + ": " + e);
        }
        return null;
    }

    /** Unregisters, if registered. */
    public void unregister() {
        if (registeredAs == null) return;
        try {
            ManagementFactory.getPlatformMBeanServer().unregisterMBean(registeredAs);
        } catch (JMException | RuntimeException e) {
            // already gone
        }
        registeredAs = null;
    }

    private static String value(String v) {
        if (v == null || v.isEmpty()) return "\"\"";
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c == ',' || c == '=' || c == ':' || c == '"' || c == '*' || c == '?' || c == '\n' || c == '\\') {
                return ObjectName.quote(v);
            }
        }
        return v;
    }
}
