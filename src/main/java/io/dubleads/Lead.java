package io.dubleads;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * An immutable lead, as the application hands it to {@link DubLeadFilter} through the
 * {@code dub.lead} request attribute. Field names are Dub's ({@code POST /track/lead}).
 *
 * <pre>{@code
 * request.setAttribute("dub.lead", Lead.builder(user.getId())
 *         .customerName(user.getName())
 *         .customerEmail(user.getEmail())
 *         .build());
 * }</pre>
 *
 * <p>The builder never throws: checking the lead is the filter's job, which refuses (and counts)
 * a lead Dub would reject, and repairs what can be repaired (see the filter's documentation).
 *
 * <p>{@link Builder#clickId(String)} is for applications that captured the click themselves;
 * {@code clickId("")} asks Dub to use the click it already stored for this customer, the second
 * step of Dub's deferred flow (the first step being a lead built with {@code mode("deferred")}).
 */
public final class Lead {
    private final String customerExternalId;
    private final String customerName;
    private final String customerEmail;
    private final String customerAvatar;
    private final String eventName;
    private final Integer eventQuantity;
    private final Map<String, ?> metadata;
    private final String mode;
    private final String clickId;

    private Lead(Builder b) {
        this.customerExternalId = b.customerExternalId;
        this.customerName = b.customerName;
        this.customerEmail = b.customerEmail;
        this.customerAvatar = b.customerAvatar;
        this.eventName = b.eventName;
        this.eventQuantity = b.eventQuantity;
        this.metadata = b.metadata == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(b.metadata));
        this.mode = b.mode;
        this.clickId = b.clickId;
    }

    /** Starts a lead for the application's own, stable customer ID (Dub's {@code customerExternalId}). */
    public static Builder builder(String customerExternalId) {
        return new Builder(customerExternalId);
    }

    /** @return the application's customer ID; may be {@code null} if the builder was given none */
    public String customerExternalId() { return customerExternalId; }
    /** @return the customer's display name, or {@code null} */
    public String customerName() { return customerName; }
    /** @return the customer's email, or {@code null} */
    public String customerEmail() { return customerEmail; }
    /** @return an avatar image URL, or {@code null} */
    public String customerAvatar() { return customerAvatar; }
    /** @return the event name, or {@code null} for the filter's {@code eventName} init-param */
    public String eventName() { return eventName; }
    /** @return how many times Dub records the lead, or {@code null} for once */
    public Integer eventQuantity() { return eventQuantity; }
    /** @return an unmodifiable copy of the metadata, or {@code null} */
    public Map<String, ?> metadata() { return metadata; }
    /** @return {@code async}, {@code wait} or {@code deferred}; {@code null} for the filter's {@code mode} */
    public String mode() { return mode; }
    /** @return the click ID to use instead of the cookie, {@code ""} for Dub's stored click, or {@code null} */
    public String clickId() { return clickId; }

    @Override
    public boolean equals(Object o) {
        if (this == o) return true;
        if (!(o instanceof Lead)) return false;
        Lead l = (Lead) o;
        return Objects.equals(customerExternalId, l.customerExternalId)
                && Objects.equals(customerName, l.customerName)
                && Objects.equals(customerEmail, l.customerEmail)
                && Objects.equals(customerAvatar, l.customerAvatar)
                && Objects.equals(eventName, l.eventName)
                && Objects.equals(eventQuantity, l.eventQuantity)
                && Objects.equals(metadata, l.metadata)
                && Objects.equals(mode, l.mode)
                && Objects.equals(clickId, l.clickId);
    }

    @Override
    public int hashCode() {
        return Objects.hash(customerExternalId, eventName, mode, clickId);
    }

    /** Never shows personal data: safe to log. */
    @Override
    public String toString() {
        return "Lead[eventName=" + eventName + ", mode=" + mode
                + ", clickId=" + (clickId == null ? "cookie" : clickId.isEmpty() ? "\"\"" : "set") + "]";
    }

    /** Builds a {@link Lead}. Every setter accepts {@code null} (meaning: not given). */
    public static final class Builder {
        private String customerExternalId;
        private String customerName;
        private String customerEmail;
        private String customerAvatar;
        private String eventName;
        private Integer eventQuantity;
        private Map<String, ?> metadata;
        private String mode;
        private String clickId;

        private Builder(String customerExternalId) {
            this.customerExternalId = customerExternalId;
        }

        public Builder customerName(String v) { this.customerName = v; return this; }
        public Builder customerEmail(String v) { this.customerEmail = v; return this; }
        public Builder customerAvatar(String v) { this.customerAvatar = v; return this; }
        public Builder eventName(String v) { this.eventName = v; return this; }
        public Builder eventQuantity(int v) { this.eventQuantity = v; return this; }
        /** Values: String, Number, Boolean, null, Map and List, nested at most 5 deep. */
        public Builder metadata(Map<String, ?> v) { this.metadata = v; return this; }
        /** {@code async}, {@code wait} or {@code deferred}; overrides the {@code mode} init-param. */
        public Builder mode(String v) { this.mode = v; return this; }
        /** The click ID to send instead of the cookie's; {@code ""} for Dub's stored click. */
        public Builder clickId(String v) { this.clickId = v; return this; }

        /** @return the lead; never throws */
        public Lead build() { return new Lead(this); }
    }
}
