package io.dubleads.delivery;

/**
 * One accepted lead on its way to Dub: the body to send and what delivery has learnt so far.
 * Owned by the {@link Outbox}, mutated only under its lock.
 */
final class PendingLead {
    final long spoolId;
    final String customerExternalId;
    /** Sent with {@code clickId: ""}: Dub's 400 for it means unattributed, not an error. */
    final boolean sentWithoutClick;
    final long acceptedAtMillis;
    /** {@link System#nanoTime()} at acceptance (estimated for leads recovered after a restart). */
    final long acceptedNanos;
    /** The outbox's paused-time total at acceptance: paused time does not age a lead. */
    final long pausedNanosAtAccept;
    String body;
    int attempts;
    /** An attempt failed in a way Dub may nevertheless have recorded (5xx, timeout, lost connection). */
    boolean attemptFailed;
    /** Already resent with the required fields only, after a 422. */
    boolean resentRequiredOnly;
    long firstAttemptMillis;
    long lastAttemptMillis;
    long nextAttemptNanos;
    boolean inFlight;

    PendingLead(long spoolId, String body, String customerExternalId, boolean sentWithoutClick, long acceptedAtMillis,
            long acceptedNanos, long pausedNanosAtAccept, boolean attemptFailed) {
        this.spoolId = spoolId;
        this.body = body;
        this.customerExternalId = customerExternalId;
        this.sentWithoutClick = sentWithoutClick;
        this.acceptedAtMillis = acceptedAtMillis;
        this.acceptedNanos = acceptedNanos;
        this.pausedNanosAtAccept = pausedNanosAtAccept;
        this.attemptFailed = attemptFailed;
        this.nextAttemptNanos = acceptedNanos;
    }
}
