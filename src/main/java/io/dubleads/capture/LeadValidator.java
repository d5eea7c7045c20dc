package io.dubleads.capture;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dubleads.json.Jackson;
import io.dubleads.Lead;
import io.dubleads.config.Settings;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Decides what of a lead may go to Dub, so that Dub never receives a request it would reject.
 * Refuses what cannot be sent (the lead is then not accepted and the cookie stays), and repairs
 * what can be left out or clamped without losing the lead. Lengths are UTF-16 units, as Dub counts.
 */
public final class LeadValidator {
    /** Dub's click IDs, and what the filter accepts from the cookie or the lead. */
    static final Pattern CLICK_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    /** The email rule Dub applies (zod's), an invalid address fails Dub's whole request with a 422. */
    static final Pattern EMAIL = Pattern.compile(
            "^(?!\\.)(?!.*\\.\\.)([A-Z0-9_'+\\-.]*)[A-Z0-9_+-]@([A-Z0-9][A-Z0-9\\-]*\\.)+[A-Z]{2,}$",
            Pattern.CASE_INSENSITIVE);
    static final int MAX_ID = 100, MAX_NAME = 100, MAX_EMAIL = 100, MAX_EVENT_NAME = 255, MAX_METADATA = 10_000;
    static final int MAX_METADATA_DEPTH = 5;

    private static final ObjectMapper JSON = Jackson.MAPPER;

    /**
     * The decision on one lead: {@link #lead} to send, or a {@link #refusal} code, or neither when
     * there is no click to attribute (nothing to send, nothing to count).
     */
    public static final class Verdict {
        public final CapturedLead lead;
        /** a short code without personal data, e.g. {@code invalid-click-id}; null when not refused */
        public final String refusal;
        /** what was left out or clamped, without personal data */
        public final List<String> repairs;

        private Verdict(CapturedLead lead, String refusal, List<String> repairs) {
            this.lead = lead;
            this.refusal = refusal;
            this.repairs = repairs;
        }

        public boolean noClick() { return lead == null && refusal == null; }
    }

    private final Settings settings;

    public LeadValidator(Settings settings) {
        this.settings = settings;
    }

    /**
     * @param lead          the application's lead
     * @param cookieClickId the click-ID cookie's value, or null when the request had none
     */
    public Verdict validate(Lead lead, String cookieClickId) {
        String clickId = lead.clickId() != null ? lead.clickId() : cookieClickId;
        if (clickId == null) {
            if (!settings.trackWithoutClick) return new Verdict(null, null, List.of());
            clickId = "";
        }
        if (!clickId.isEmpty() && !CLICK_ID.matcher(clickId).matches()) return refused("invalid-click-id");

        String id = lead.customerExternalId() == null ? "" : lead.customerExternalId().trim();
        if (id.isEmpty()) return refused("missing-customer-external-id");
        if (id.length() > MAX_ID) return refused("customer-external-id-over-100");

        String eventName = lead.eventName() == null || lead.eventName().isBlank() ? settings.eventName : lead.eventName().trim();
        if (eventName.length() > MAX_EVENT_NAME) return refused("event-name-over-255");

        String mode;
        if (lead.mode() != null) {
            mode = lead.mode().trim().toLowerCase(Locale.ROOT);
            if (!mode.equals("async") && !mode.equals("wait") && !mode.equals("deferred")) return refused("invalid-mode");
        } else {
            mode = clickId.isEmpty() ? null : settings.mode.wire(); // Dub wants the deferred follow-up without a mode
        }

        List<String> repairs = new ArrayList<>(2);
        String email = blankToNull(lead.customerEmail());
        if (email != null) {
            email = email.trim();
            if (email.length() > MAX_EMAIL) {
                repairs.add("customerEmail over 100 characters left out");
                email = null;
            } else if (!EMAIL.matcher(email).matches()) {
                repairs.add("customerEmail that Dub would reject left out");
                email = null;
            }
        }
        String name = blankToNull(lead.customerName());
        if (name != null && name.length() > MAX_NAME) {
            repairs.add("customerName over 100 characters left out");
            name = null;
        }
        Integer quantity = lead.eventQuantity();
        if (quantity != null && (quantity < 1 || quantity > 100)) {
            repairs.add("eventQuantity " + quantity + " clamped to 1..100");
            quantity = Math.max(1, Math.min(100, quantity));
        }
        String metadataJson = null;
        if (lead.metadata() != null) {
            if (!supported(lead.metadata(), 1)) return refused("unsupported-metadata");
            try {
                metadataJson = JSON.writeValueAsString(lead.metadata());
            } catch (JsonProcessingException | RuntimeException e) {
                return refused("unsupported-metadata");
            }
            if (metadataJson.length() > MAX_METADATA) {
                repairs.add("metadata over 10,000 characters left out");
                metadataJson = null;
            }
        }
        CapturedLead captured = new CapturedLead(clickId, eventName, id, name, email,
                blankToNull(lead.customerAvatar()), mode, quantity, metadataJson);
        return new Verdict(captured, null, repairs);
    }

    /** Metadata values: String, Number (finite), Boolean, null, Map with String keys, List; at most 5 deep. */
    private static boolean supported(Object value, int depth) {
        if (value == null || value instanceof String || value instanceof Boolean) return true;
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte
                || value instanceof BigInteger || value instanceof BigDecimal) return true;
        if (value instanceof Double || value instanceof Float) return Double.isFinite(((Number) value).doubleValue());
        if (depth > MAX_METADATA_DEPTH) return false;
        if (value instanceof Map) {
            for (Map.Entry<?, ?> e : ((Map<?, ?>) value).entrySet()) {
                if (!(e.getKey() instanceof String) || !supported(e.getValue(), depth + 1)) return false;
            }
            return true;
        }
        if (value instanceof List) {
            for (Object o : (List<?>) value) {
                if (!supported(o, depth + 1)) return false;
            }
            return true;
        }
        return false;
    }

    private static Verdict refused(String code) {
        return new Verdict(null, code, List.of());
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
