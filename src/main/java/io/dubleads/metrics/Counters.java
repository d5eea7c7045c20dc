package io.dubleads.metrics;

import java.util.concurrent.atomic.LongAdder;

/**
 * What one filter instance has done, as ops see it through JMX. Counters only grow; the gauges
 * ({@code paused}, {@code pauseReason}, {@code lastError}, {@code lastDeliveryTime}) are set by
 * delivery. One instance per filter, shared by capture, spool and delivery.
 */
public final class Counters {
    /** Leads taken in (spooled, or answered as local duplicates). */
    public final LongAdder accepted = new LongAdder();
    /** Leads Dub recorded (200 with a link, or another 2xx). */
    public final LongAdder delivered = new LongAdder();
    /** Dub's duplicate answer (200 with {@code "link": null}), and local duplicates. */
    public final LongAdder duplicates = new LongAdder();
    /** Duplicate answers after an earlier failed attempt of the same lead. */
    public final LongAdder unconfirmed = new LongAdder();
    /** {@code clickId: ""} leads Dub had no stored click for. */
    public final LongAdder unattributed = new LongAdder();
    /** Attempts that will be retried. */
    public final LongAdder retried = new LongAdder();
    /** Leads refused at capture: bad input, spool full or failing. */
    public final LongAdder rejected = new LongAdder();
    /** Leads written to the dead-letter file (or logged as such). */
    public final LongAdder deadLettered = new LongAdder();
    /** Accepted leads whose cookie could not be expired (response already committed). */
    public final LongAdder cookieNotExpired = new LongAdder();
    /** Internal errors caught so they never reach the application. */
    public final LongAdder internalErrors = new LongAdder();

    private volatile boolean paused;
    private volatile String pauseReason = "";
    private volatile String lastError = "";
    private volatile long lastDeliveryTime;

    public boolean paused() { return paused; }
    public String pauseReason() { return pauseReason; }
    public String lastError() { return lastError; }
    public long lastDeliveryTime() { return lastDeliveryTime; }

    /** Delivery is paused for a configuration problem ({@code reason}), or resumed ({@code null}). */
    public void pause(String reason) {
        this.pauseReason = reason == null ? "" : reason;
        this.paused = reason != null;
    }

    /** @param error status and Dub's error code only, e.g. {@code "503"} or {@code "401 unauthorized"} */
    public void lastError(String error) { this.lastError = error; }

    public void delivered(long epochMillis) { this.lastDeliveryTime = epochMillis; }
}
