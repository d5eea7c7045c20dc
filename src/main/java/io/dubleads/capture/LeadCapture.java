package io.dubleads.capture;

import io.dubleads.Lead;
import io.dubleads.config.Settings;
import io.dubleads.delivery.Outbox;
import io.dubleads.metrics.Counters;
import io.dubleads.metrics.Log;
import java.lang.System.Logger.Level;
import java.util.List;

/**
 * The moment a signup becomes a lead, shared by every request of one filter instance: read the
 * attribute value, validate and repair it, hand it to the {@link Outbox} (which spools it), and say
 * which cookies may now be expired. Never throws: every failure is counted and logged.
 */
public final class LeadCapture {
    private final Settings settings;
    private final Outbox outbox;
    private final Counters counters;
    private final Log log;
    private final LeadReader reader;
    private final LeadValidator validator;
    private final CookieExpiry expiry;

    /** @param outbox where leads go; null in {@code dryRun} mode (leads are only logged) */
    public LeadCapture(Settings settings, Outbox outbox, Counters counters, Log log) {
        this.settings = settings;
        this.outbox = outbox;
        this.counters = counters;
        this.log = log;
        this.reader = new LeadReader(settings);
        this.validator = new LeadValidator(settings);
        this.expiry = new CookieExpiry(settings.cookieName, settings.cookiePath, settings.cookieDomains);
    }

    /**
     * Captures one lead.
     *
     * @param value   what the application set as the attribute
     * @param cookies the click cookies the request carried
     * @param host    the request's server name, for the cookie domains
     * @return the {@code Set-Cookie} values that expire the request's click cookies, once the lead is
     *         safely accepted; empty when nothing may or needs to be expired
     */
    public List<String> capture(Object value, ClickCookies cookies, String host) {
        try {
            Lead lead;
            try {
                lead = reader.read(value);
            } catch (LeadReader.UnreadableException e) {
                refuse("unreadable-attribute", e.getMessage());
                return List.of();
            }
            LeadValidator.Verdict verdict = validator.validate(lead, cookies.clickId());
            if (verdict.noClick()) {
                log.debug("signup without a click: nothing sent (set trackWithoutClick=true to send it unattributed)");
                return List.of();
            }
            if (verdict.refusal != null) {
                refuse(verdict.refusal, null);
                return List.of();
            }
            for (String repair : verdict.repairs) {
                log.limited(Level.WARNING, "repair:" + repair, "lead repaired before sending: " + repair);
            }
            CapturedLead captured = verdict.lead;
            if (outbox == null) {
                log.info("dryRun: would send lead eventName=" + captured.eventName() + " mode=" + captured.mode()
                        + " clickId=" + Log.redactClickId(captured.clickId()) + " fields="
                        + presentFields(captured));
                return List.of();
            }
            Outbox.Acceptance acceptance = outbox.offer(captured);
            if (!acceptance.accepted()) {
                log.limited(Level.WARNING, "refused:" + acceptance, "lead refused (" + acceptance.name().toLowerCase()
                        + "): the spool could not take it; the click cookie is kept so nothing is lost");
                return List.of();
            }
            if (log.debugEnabled()) {
                log.debug("lead " + acceptance.name().toLowerCase() + ": eventName=" + captured.eventName()
                        + " clickId=" + Log.redactClickId(captured.clickId()));
            }
            return expiry.headers(host, cookies);
        } catch (RuntimeException | LinkageError e) {
            counters.internalErrors.increment();
            log.error("internal error while capturing a lead (the request goes on unchanged)", e);
            return List.of();
        }
    }

    private void refuse(String code, String detail) {
        counters.rejected.increment();
        log.limited(Level.WARNING, "rejected:" + code, "lead refused: " + code
                + (detail == null ? "" : " (" + detail + ")") + "; nothing sent, the click cookie is kept");
    }

    private static String presentFields(CapturedLead l) {
        StringBuilder sb = new StringBuilder("customerExternalId");
        if (l.customerName() != null) sb.append(",customerName");
        if (l.customerEmail() != null) sb.append(",customerEmail");
        if (l.customerAvatar() != null) sb.append(",customerAvatar");
        if (l.eventQuantity() != null) sb.append(",eventQuantity");
        if (l.metadataJson() != null) sb.append(",metadata");
        return sb.toString();
    }

    /** @return the attribute name that marks a signup */
    public String attribute() { return settings.attribute; }

    /** @return the click-ID cookie name */
    public String cookieName() { return settings.cookieName; }

    /** @return whether every request is watched, cookie or not */
    public boolean trackWithoutClick() { return settings.trackWithoutClick; }

    Counters counters() { return counters; }

    Log log() { return log; }
}
