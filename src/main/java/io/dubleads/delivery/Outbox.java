package io.dubleads.delivery;

import io.dubleads.capture.CapturedLead;
import io.dubleads.config.Settings;
import io.dubleads.metrics.Counters;
import io.dubleads.metrics.Log;
import io.dubleads.spool.Spool;

/**
 * SKELETON — to be implemented by the delivery work. The hand-off between capture and Dub:
 * local dedupe, encoding, the spool, and the sender threads.
 */
public final class Outbox {
    /** What became of an offered lead. */
    public enum Acceptance {
        /** stored in the spool; will be delivered */
        ACCEPTED,
        /** the same lead was accepted within 10 minutes: counted, not stored again */
        DUPLICATE,
        /** spool full: refused */
        FULL,
        /** spool failing (disk error) or outbox closed: refused */
        FAILING;

        /** @return whether the lead is safe, so the click cookies may be expired */
        public boolean accepted() { return this == ACCEPTED || this == DUPLICATE; }
    }

    /** Recovers what the spool holds and starts the sender threads. */
    public static Outbox start(Settings settings, Spool spool, Counters counters, Log log) {
        throw new UnsupportedOperationException("skeleton");
    }

    /** On the request thread: never blocks on the network, never throws. */
    public Acceptance offer(CapturedLead lead) {
        throw new UnsupportedOperationException("skeleton");
    }

    /** @return leads accepted and not yet delivered or dead-lettered */
    public int pending() { return 0; }

    /** @return age of the oldest pending lead in seconds, 0 when none */
    public long oldestPendingSeconds() { return 0; }

    /** Stops taking leads, delivers for up to {@code shutdownTimeout}, stops every thread, closes the spool. */
    public void shutdown() {}
}
