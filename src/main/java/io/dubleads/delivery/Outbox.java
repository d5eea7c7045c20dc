package io.dubleads.delivery;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dubleads.capture.CapturedLead;
import io.dubleads.config.Settings;
import io.dubleads.metrics.Counters;
import io.dubleads.metrics.Log;
import io.dubleads.spool.Spool;
import io.dubleads.spool.SpoolFullException;
import io.dubleads.spool.SpoolRecord;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The hand-off between capture and Dub. On the request thread, {@link #offer} checks the local
 * dedupe and writes the lead to the {@link Spool}: once that returns, the lead is accepted. One
 * sender thread then delivers what the spool holds, applying SPEC.md's outcome table
 * ({@link FaultPolicy}): at most {@code concurrency} requests in flight, at most {@code rateLimit},
 * retries with backoff and {@code Retry-After}, pauses for configuration problems, dead letters for
 * what Dub will never take. Leads of one customer go out one at a time, in the order accepted.
 *
 * <p>All delivery state is guarded by one lock; spool I/O of the sender side happens outside it,
 * so a request thread never waits for the network or for another lead's disk write.
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

    private static final AtomicInteger INSTANCES = new AtomicInteger();

    private final Settings settings;
    private final Spool spool;
    private final Counters counters;
    private final Log log;
    private final Timings timings = new Timings();
    private final Backoff backoff;
    private final DubClient client;

    private final ReentrantLock lock = new ReentrantLock();
    /** Signalled whenever the sender may have something to do. */
    private final Condition wake = lock.newCondition();
    /** Signalled when a draining sender has nothing more to deliver in time. */
    private final Condition drained = lock.newCondition();
    private final RateLimiter limiter;
    private final LocalDedupe dedupe;
    /** Per customer, its pending leads in acceptance order; only the head may be sent. */
    private final Map<String, ArrayDeque<PendingLead>> byCustomer = new HashMap<>();
    /** Heads of {@link #byCustomer} that are not in flight, earliest due first. */
    private final PriorityQueue<PendingLead> due = new PriorityQueue<>(
            Comparator.comparingLong((PendingLead p) -> p.nextAttemptNanos).thenComparingLong(p -> p.spoolId));
    /** Every pending lead by spool id, readable without the lock (gauges). */
    private final ConcurrentSkipListMap<Long, PendingLead> pending = new ConcurrentSkipListMap<>();
    private int inFlight;
    /** A 429 holds all sending until then ({@link System#nanoTime()}). */
    private long holdUntilNanos = Long.MIN_VALUE;
    /** Why delivery is paused (a configuration problem), or null. */
    private String pauseReason;
    private long pausedSinceNanos;
    private long pausedNanosTotal;
    private long nextProbeNanos;
    private int consecutiveTlsOrDns;
    private boolean draining;
    private long drainDeadlineNanos;
    private boolean stopping;
    private volatile boolean accepting = true;
    private volatile boolean closed;
    private final Thread sender;

    private Outbox(Settings settings, Spool spool, Counters counters, Log log) {
        this.settings = settings;
        this.spool = spool;
        this.counters = counters;
        this.log = log;
        this.backoff = new Backoff(timings.backoffBaseMillis, timings.backoffMaxMillis);
        this.limiter = new RateLimiter(settings.rateLimitPermits, settings.rateLimitWindow.toNanos());
        this.dedupe = new LocalDedupe(timings.dedupeMillis);
        int instance = INSTANCES.incrementAndGet();
        this.client = new DubClient(settings.apiUrl, settings.apiKey, settings.connectTimeout, settings.requestTimeout,
                settings.concurrency, "dub-lead-filter-http-" + instance);
        this.sender = DubClient.daemonThreads("dub-lead-filter-sender-" + instance).newThread(this::sendLoop);
    }

    /** Recovers what the spool holds and starts the sender thread. */
    public static Outbox start(Settings settings, Spool spool, Counters counters, Log log) {
        Outbox outbox = new Outbox(settings, spool, counters, log);
        outbox.recover();
        if (settings.apiKey == null) {
            outbox.lock.lock();
            try {
                outbox.pause("no-api-key", System.nanoTime());
            } finally {
                outbox.lock.unlock();
            }
            log.error("no apiKey configured: leads are accepted and kept in the spool, but delivery is paused"
                    + " (reason no-api-key) until the filter starts with a key");
        }
        outbox.sender.start();
        return outbox;
    }

    private void recover() {
        List<SpoolRecord> records = spool.recover();
        long nowNanos = System.nanoTime();
        long nowMillis = System.currentTimeMillis();
        int unreadable = 0;
        lock.lock();
        try {
            for (SpoolRecord r : records) {
                LeadJson.Record lead;
                try {
                    lead = LeadJson.read(r.data());
                } catch (IOException e) {
                    unreadable++;
                    deadLetterUnreadable(r);
                    continue;
                }
                long age = Math.max(0, nowMillis - lead.acceptedAtMillis);
                enqueue(new PendingLead(r.id(), lead.body, lead.customerExternalId, lead.clickId.isEmpty(),
                        lead.acceptedAtMillis, nowNanos - TimeUnit.MILLISECONDS.toNanos(age), 0, r.attemptFailed()));
            }
        } finally {
            lock.unlock();
        }
        if (!records.isEmpty()) {
            log.info("recovered " + (records.size() - unreadable) + " pending lead(s) from the spool"
                    + (unreadable > 0 ? "; " + unreadable + " unreadable record(s) went to the dead-letter file" : ""));
        }
    }

    private void deadLetterUnreadable(SpoolRecord r) {
        ObjectNode line = LeadJson.MAPPER.createObjectNode();
        line.put("v", LeadJson.FORMAT_VERSION);
        line.put("reason", "unreadable-spool-record");
        line.put("spoolId", r.id());
        line.put("record", new String(r.data(), java.nio.charset.StandardCharsets.UTF_8));
        writeDeadLetter(line, r.id());
    }

    /** On the request thread: never blocks on the network, never throws. */
    public Acceptance offer(CapturedLead lead) {
        if (!accepting) {
            counters.rejected.increment();
            return Acceptance.FAILING;
        }
        String key = LocalDedupe.key(lead.customerExternalId(), lead.eventName(), lead.mode());
        lock.lock();
        try {
            if (dedupe.seenElseRemember(key, System.nanoTime())) {
                counters.accepted.increment();
                counters.duplicates.increment();
                return Acceptance.DUPLICATE;
            }
        } finally {
            lock.unlock();
        }
        String body = LeadJson.body(lead);
        long acceptedAt = System.currentTimeMillis();
        long id;
        Acceptance refusal;
        try {
            id = spool.append(LeadJson.record(body, acceptedAt));
            refusal = null;
        } catch (SpoolFullException e) {
            id = -1;
            refusal = Acceptance.FULL;
            log.limited(Level.WARNING, "spool-full", "spool full (" + e.getMessage() + "): new leads are refused and"
                    + " their cookies kept until delivery catches up");
        } catch (IOException | RuntimeException e) {
            id = -1;
            refusal = Acceptance.FAILING;
            log.limited(Level.ERROR, "spool-failing", "the spool cannot store leads (" + e + "): new leads are"
                    + " refused and their cookies kept");
        }
        lock.lock();
        try {
            if (refusal != null) {
                dedupe.forget(key);
                counters.rejected.increment();
                return refusal;
            }
            long now = System.nanoTime();
            enqueue(new PendingLead(id, body, lead.customerExternalId(), lead.clickId().isEmpty(), acceptedAt, now,
                    pausedNanos(now), false));
            counters.accepted.increment();
            return Acceptance.ACCEPTED;
        } finally {
            lock.unlock();
        }
    }

    /** @return leads accepted and not yet delivered or dead-lettered */
    public int pending() {
        return pending.size();
    }

    /** @return age of the oldest pending lead in seconds, 0 when none */
    public long oldestPendingSeconds() {
        Map.Entry<Long, PendingLead> oldest = pending.firstEntry();
        if (oldest == null) return 0;
        return Math.max(0, (System.currentTimeMillis() - oldest.getValue().acceptedAtMillis) / 1000);
    }

    // --- the queue (under the lock) -----------------------------------------------------------

    private void enqueue(PendingLead lead) {
        pending.put(lead.spoolId, lead);
        ArrayDeque<PendingLead> queue = byCustomer.computeIfAbsent(lead.customerExternalId, k -> new ArrayDeque<>());
        PendingLead head = queue.peekFirst();
        if (head == null) {
            queue.addLast(lead);
            due.add(lead);
        } else if (queue.peekLast().spoolId < lead.spoolId) {
            queue.addLast(lead);
        } else {
            // two request threads of one customer raced between spool and queue: keep spool order
            List<PendingLead> ordered = new ArrayList<>(queue);
            int at = ordered.size();
            while (at > 1 && ordered.get(at - 1).spoolId > lead.spoolId) at--;
            if (at == 1 && !head.inFlight && head.attempts == 0 && head.spoolId > lead.spoolId) {
                at = 0;
                due.remove(head);
                due.add(lead);
            }
            ordered.add(at, lead);
            queue.clear();
            queue.addAll(ordered);
        }
        wake.signalAll();
    }

    /** The head of its customer's queue is finished with: the next one of that customer becomes due. */
    private void finished(PendingLead lead) {
        pending.remove(lead.spoolId);
        ArrayDeque<PendingLead> queue = byCustomer.get(lead.customerExternalId);
        if (queue != null) {
            queue.remove(lead);
            PendingLead next = queue.peekFirst();
            if (next == null) {
                byCustomer.remove(lead.customerExternalId);
            } else if (!next.inFlight && !due.contains(next)) {
                due.add(next);
            }
        }
        wake.signalAll();
    }

    private void reschedule(PendingLead lead, long atNanos) {
        lead.nextAttemptNanos = atNanos;
        due.add(lead);
        wake.signalAll();
    }

    private long pausedNanos(long now) {
        return pausedNanosTotal + (pauseReason != null ? now - pausedSinceNanos : 0);
    }

    private void pause(String reason, long now) {
        if (pauseReason == null) pausedSinceNanos = now;
        pauseReason = reason;
        nextProbeNanos = now + TimeUnit.MILLISECONDS.toNanos(timings.probeMillis);
        counters.pause(reason);
    }

    private void resume(long now) {
        if (pauseReason == null) return;
        pausedNanosTotal += now - pausedSinceNanos;
        log.info("delivery resumed (was paused: " + pauseReason + ")");
        pauseReason = null;
        counters.pause(null);
    }

    // --- the sender -----------------------------------------------------------------------------

    private void sendLoop() {
        lock.lock();
        try {
            while (!stopping) {
                long now = System.nanoTime();
                PendingLead next = due.peek();
                if (draining && quiet()) drained.signalAll();
                long waitNanos;
                if (next == null) {
                    waitNanos = Long.MAX_VALUE;
                } else if (pauseReason != null) {
                    if ("no-api-key".equals(pauseReason) || inFlight > 0) {
                        waitNanos = Long.MAX_VALUE;
                    } else if (now >= nextProbeNanos) {
                        nextProbeNanos = now + TimeUnit.MILLISECONDS.toNanos(timings.probeMillis);
                        dispatch(next, now); // one lead probes whether the problem was fixed
                        continue;
                    } else {
                        waitNanos = nextProbeNanos - now;
                    }
                } else if (now < holdUntilNanos) {
                    waitNanos = holdUntilNanos - now;
                } else if (inFlight >= settings.concurrency) {
                    waitNanos = Long.MAX_VALUE;
                } else if (next.nextAttemptNanos > now) {
                    waitNanos = next.nextAttemptNanos - now;
                } else {
                    waitNanos = limiter.delayNanos(now);
                    if (waitNanos == 0) {
                        dispatch(next, now);
                        continue;
                    }
                }
                try {
                    if (waitNanos == Long.MAX_VALUE) wake.await();
                    else wake.awaitNanos(waitNanos);
                } catch (InterruptedException e) {
                    return;
                }
            }
        } catch (RuntimeException | Error e) {
            counters.internalErrors.increment();
            log.error("the sender stopped on an internal error; pending leads stay in the spool for the next start", e);
        } finally {
            lock.unlock();
        }
    }

    /** Under the lock: sends {@code lead}; the answer is handled on the HTTP client's executor. */
    private void dispatch(PendingLead lead, long now) {
        due.poll();
        lead.inFlight = true;
        lead.attempts++;
        long wall = System.currentTimeMillis();
        if (lead.firstAttemptMillis == 0) lead.firstAttemptMillis = wall;
        lead.lastAttemptMillis = wall;
        inFlight++;
        limiter.sending(now);
        String body = lead.body;
        if (log.debugEnabled()) log.debug("sending lead #" + lead.spoolId + " (attempt " + lead.attempts + ")");
        client.send(body).thenAccept(answer -> answered(lead, body, answer));
    }

    /** On the HTTP client's executor: acts on Dub's answer. Spool I/O first, then the queue under the lock. */
    private void answered(PendingLead lead, String sentBody, DubAnswer answer) {
        try {
            FaultPolicy.Outcome outcome = FaultPolicy.classify(answer, lead.sentWithoutClick);
            if (outcome.error() != null) counters.lastError(outcome.error());
            if (closed) {
                settle(lead);
                return; // shut down while in flight: the lead stays in the spool for the next start
            }
            switch (outcome.kind()) {
                case DELIVERED:
                    counters.delivered.increment();
                    counters.delivered(System.currentTimeMillis());
                    if (log.debugEnabled()) log.debug("lead #" + lead.spoolId + " delivered (" + answer.status() + ")");
                    done(lead);
                    break;
                case DUPLICATE:
                    if (lead.attemptFailed) {
                        log.limited(Level.WARNING, "unconfirmed", "Dub answered a retried lead as a duplicate after an"
                                + " earlier attempt failed: Dub may have swallowed it; written to the dead-letter file"
                                + " (dub-dedupe-after-error)");
                        deadLetter(lead, sentBody, answer, "dub-dedupe-after-error");
                        counters.unconfirmed.increment();
                    } else {
                        counters.duplicates.increment();
                        log.debug("lead #" + lead.spoolId + " was a duplicate at Dub");
                        removeFromSpool(lead);
                    }
                    done(lead);
                    break;
                case UNATTRIBUTED:
                    counters.unattributed.increment();
                    log.debug("lead #" + lead.spoolId + " unattributed: Dub has no stored click for this customer");
                    removeFromSpool(lead);
                    done(lead);
                    break;
                case RESEND_REQUIRED_ONLY:
                    if (!lead.resentRequiredOnly) {
                        log.limited(Level.WARNING, "resend-422", "Dub refused a lead's details (422 "
                                + outcome.errorCode() + "): resent with the required fields only; its name, email,"
                                + " avatar, quantity and metadata are lost");
                        lead.resentRequiredOnly = true;
                        lead.body = LeadJson.requiredOnly(sentBody);
                        retryNow(lead);
                    } else {
                        deadLetter(lead, sentBody, answer, "dub-rejected");
                        done(lead);
                    }
                    break;
                case DEAD:
                    deadLetter(lead, sentBody, answer, "dub-rejected");
                    done(lead);
                    break;
                case PAUSE:
                    pauseOrRetry(lead, outcome);
                    break;
                case RETRY:
                case RATE_LIMITED:
                    retryLater(lead, sentBody, answer, outcome);
                    break;
                default:
                    throw new IllegalStateException(outcome.kind().name());
            }
        } catch (RuntimeException | Error e) {
            counters.internalErrors.increment();
            log.error("internal error handling Dub's answer; the lead stays in the spool", e);
            settle(lead);
        }
    }

    /** The lead leaves the queue (delivered, duplicate, unattributed or dead-lettered). */
    private void done(PendingLead lead) {
        lock.lock();
        try {
            inFlight--;
            lead.inFlight = false;
            long now = System.nanoTime();
            consecutiveTlsOrDns = 0;
            limiter.succeeded();
            resume(now);
            finished(lead);
        } finally {
            lock.unlock();
        }
    }

    /** Back into the queue unchanged, after the base backoff (internal error, or shut down while in flight). */
    private void settle(PendingLead lead) {
        lock.lock();
        try {
            inFlight--;
            lead.inFlight = false;
            reschedule(lead, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timings.backoffBaseMillis));
        } finally {
            lock.unlock();
        }
    }

    private void retryNow(PendingLead lead) {
        lock.lock();
        try {
            inFlight--;
            lead.inFlight = false;
            long now = System.nanoTime();
            resume(now);
            reschedule(lead, now);
        } finally {
            lock.unlock();
        }
    }

    private void pauseOrRetry(PendingLead lead, FaultPolicy.Outcome outcome) {
        boolean pauseNow;
        lock.lock();
        try {
            long now = System.nanoTime();
            inFlight--;
            lead.inFlight = false;
            if (FaultPolicy.isPersistentKind(outcome.pauseReason()) && ++consecutiveTlsOrDns < timings.persistentFailures) {
                pauseNow = false;
                counters.retried.increment();
                reschedule(lead, now + TimeUnit.MILLISECONDS.toNanos(backoff.delayMillis(lead.attempts)));
            } else {
                pauseNow = !outcome.pauseReason().equals(pauseReason);
                pause(outcome.pauseReason(), now);
                reschedule(lead, now);
            }
        } finally {
            lock.unlock();
        }
        if (pauseNow) {
            log.error("delivery paused: " + describe(outcome.pauseReason()) + " (Dub answered " + outcome.error()
                    + "). Leads are kept in the spool and one is tried again every "
                    + TimeUnit.MILLISECONDS.toSeconds(timings.probeMillis) + "s");
        }
    }

    private static String describe(String reason) {
        switch (reason) {
            case "unauthorized": return "the API key is missing, unknown or expired (401): check apiKey";
            case "forbidden": return "the API key may not track leads (403): Dub's plan must be Business or higher, and the key's role allowed";
            case "redirect": return "Dub's URL answers with a redirect: check apiUrl";
            case "tls": return "TLS keeps failing towards apiUrl: check the JVM's trust store and proxies";
            case "dns": return "apiUrl's host does not resolve: check apiUrl and DNS";
            default: return reason;
        }
    }

    private void retryLater(PendingLead lead, String sentBody, DubAnswer answer, FaultPolicy.Outcome outcome) {
        if (outcome.mayHaveBeenRecorded() && !lead.attemptFailed) {
            lead.attemptFailed = true;
            try {
                spool.markAttemptFailed(lead.spoolId);
            } catch (IOException e) {
                log.limited(Level.WARNING, "mark-failed", "could not note a failed attempt in the spool: " + e);
            }
        }
        long nowMillis = System.currentTimeMillis();
        long retryAfter = RetryAfter.millis(answer.header("Retry-After"), answer.header("Date"), nowMillis);
        boolean rateLimited = outcome.kind() == FaultPolicy.Kind.RATE_LIMITED;
        boolean expired;
        lock.lock();
        try {
            long now = System.nanoTime();
            inFlight--;
            lead.inFlight = false;
            consecutiveTlsOrDns = 0; // an answer, or a failure other than TLS/DNS
            resume(now);
            long age = (now - lead.acceptedNanos) - (pausedNanos(now) - lead.pausedNanosAtAccept);
            expired = age > settings.retryFor.toNanos();
            if (!expired) {
                counters.retried.increment();
                long delayMillis = retryAfter >= 0
                        ? Math.max(timings.retryAfterMinMillis, Math.min(timings.retryAfterMaxMillis, retryAfter))
                        : backoff.delayMillis(lead.attempts);
                long at = now + TimeUnit.MILLISECONDS.toNanos(delayMillis);
                if (rateLimited) {
                    holdUntilNanos = Math.max(holdUntilNanos, at);
                    limiter.rateLimited();
                    long remaining = number(answer.header("X-RateLimit-Remaining"));
                    if (remaining >= 0) limiter.remaining(now, remaining, TimeUnit.MILLISECONDS.toNanos(delayMillis));
                }
                reschedule(lead, at);
            }
        } finally {
            lock.unlock();
        }
        if (rateLimited) {
            log.limited(Level.WARNING, "429", "Dub rate-limited this filter (429): all sending holds until its"
                    + " Retry-After; consider a lower rateLimit matching your Dub plan");
        } else {
            log.limited(Level.WARNING, "retry", "delivery failed (" + outcome.error() + "), will retry with backoff");
        }
        if (expired) {
            deadLetter(lead, sentBody, answer, "retry-for-exceeded");
            lock.lock();
            try {
                finished(lead);
            } finally {
                lock.unlock();
            }
        }
    }

    private static long number(String header) {
        if (header == null) return -1;
        try {
            return Long.parseLong(header.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    // --- dead letters and the spool -------------------------------------------------------------

    private void deadLetter(PendingLead lead, String sentBody, DubAnswer answer, String reason) {
        ObjectNode line = LeadJson.MAPPER.createObjectNode();
        line.put("v", LeadJson.FORMAT_VERSION);
        line.put("reason", reason);
        if (answer.status() > 0) line.put("status", answer.status());
        else line.putNull("status");
        JsonNode error = FaultPolicy.json(answer.body());
        if (error != null) line.set("error", error);
        else if (answer.failure() != null) line.put("error", answer.failure().getClass().getName());
        else line.put("error", answer.body());
        line.put("attempts", lead.attempts);
        line.put("acceptedAt", Instant.ofEpochMilli(lead.acceptedAtMillis).toString());
        line.put("firstAttemptAt", Instant.ofEpochMilli(lead.firstAttemptMillis).toString());
        line.put("lastAttemptAt", Instant.ofEpochMilli(lead.lastAttemptMillis).toString());
        JsonNode body = FaultPolicy.json(sentBody);
        if (body != null) line.set("body", body);
        else line.put("body", sentBody);
        log.limited(Level.WARNING, "dead:" + reason, "lead written to the dead-letter file: " + reason
                + (answer.status() > 0 ? " (Dub answered " + answer.status() + ")" : ""));
        writeDeadLetter(line, lead.spoolId);
    }

    /** Writes the line, then frees the record: a lead is never dropped without its record. */
    private void writeDeadLetter(ObjectNode line, long spoolId) {
        String text;
        try {
            text = LeadJson.MAPPER.writeValueAsString(line);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        try {
            spool.deadLetter(text);
            counters.deadLettered.increment();
        } catch (IOException e) {
            log.error("could not write the dead-letter file (" + e + "); the lead stays in the spool");
            return;
        }
        try {
            spool.remove(spoolId);
        } catch (IOException e) {
            log.limited(Level.WARNING, "remove", "could not remove a dead-lettered lead from the spool: " + e);
        }
    }

    private void removeFromSpool(PendingLead lead) {
        try {
            spool.remove(lead.spoolId);
        } catch (IOException e) {
            log.limited(Level.WARNING, "remove", "could not remove a delivered lead from the spool (it may be sent"
                    + " again after a restart; Dub answers that as a duplicate): " + e);
        }
    }

    // --- shutdown -------------------------------------------------------------------------------

    /** Stops taking leads, delivers for up to {@code shutdownTimeout}, stops every thread, closes the spool. */
    public void shutdown() {
        accepting = false;
        long deadline = System.nanoTime() + settings.shutdownTimeout.toNanos();
        lock.lock();
        try {
            draining = true;
            drainDeadlineNanos = deadline;
            wake.signalAll();
            while (!quiet()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) break;
                try {
                    drained.awaitNanos(left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            stopping = true;
            closed = true;
            wake.signalAll();
        } finally {
            lock.unlock();
        }
        try {
            sender.join(TimeUnit.SECONDS.toMillis(2));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        client.close();
        try {
            client.awaitClosed(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        int left = pending.size();
        try {
            spool.close();
        } catch (IOException e) {
            log.warn("closing the spool failed: " + e);
        }
        if (left > 0) {
            log.info(left + " lead(s) still pending " + (spool.durable() ? "stay in the spool for the next start"
                    : "are lost: spoolDirectory=memory keeps leads in memory only"));
        }
    }

    /** Under the lock: nothing in flight, and nothing more can be delivered before the deadline. */
    private boolean quiet() {
        if (inFlight > 0) return false;
        PendingLead next = due.peek();
        return next == null || pauseReason != null || Math.max(next.nextAttemptNanos, holdUntilNanos) > drainDeadlineNanos;
    }
}
