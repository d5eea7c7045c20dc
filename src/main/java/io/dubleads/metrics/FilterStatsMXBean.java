package io.dubleads.metrics;

/**
 * What ops see of one filter instance in JMX, as
 * {@code io.dubleads:type=DubLeadFilter,host=<virtual host>,context=<context path or ROOT>,name=<filter name>}.
 * Counters only grow while the webapp runs.
 */
public interface FilterStatsMXBean {
    /** @return leads taken in: spooled, or recognised as a local duplicate */
    long getAccepted();
    /** @return leads Dub recorded */
    long getDelivered();
    /** @return Dub's duplicate answers and local duplicates */
    long getDuplicates();
    /** @return duplicate answers after an earlier failed attempt (dead-lettered as dub-dedupe-after-error) */
    long getUnconfirmed();
    /** @return {@code clickId: ""} leads Dub had no click for */
    long getUnattributed();
    /** @return attempts that failed and will be retried */
    long getRetried();
    /** @return leads refused at capture (bad input, spool full or failing); their cookies were kept */
    long getRejected();
    /** @return leads written to the dead-letter file */
    long getDeadLettered();
    /** @return accepted leads whose response was already committed, so the cookie stayed */
    long getCookieNotExpired();
    /** @return leads waiting for delivery */
    long getPending();
    /** @return age of the oldest waiting lead, in seconds */
    long getOldestPendingSeconds();
    /** @return whether accepted leads survive a JVM restart */
    boolean isDurable();
    /** @return whether delivery is paused for a configuration problem */
    boolean isPaused();
    /** @return why delivery is paused, e.g. {@code no-api-key}, {@code unauthorized}; empty when running */
    String getPauseReason();
    /** @return the last failure: status and Dub's error code only */
    String getLastError();
    /** @return when Dub last recorded a lead, epoch milliseconds; 0 when never */
    long getLastDeliveryTime();
}
