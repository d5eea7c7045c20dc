package io.dubleads.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import javax.net.ssl.SSLException;

/**
 * SPEC.md's outcome table: what one answer from Dub means for the lead that was sent. Pure: no
 * state, no clock; the {@link Outbox} acts on the {@link Outcome}.
 */
final class FaultPolicy {
    /** What to do with a lead after an attempt. */
    enum Kind {
        /** Dub recorded it. */
        DELIVERED,
        /** Dub's duplicate answer (200 with {@code "link": null}). */
        DUPLICATE,
        /** Dub had no stored click for a {@code clickId: ""} lead. */
        UNATTRIBUTED,
        /** Try again later; {@link Outcome#mayHaveBeenRecorded} says whether Dub may have seen it. */
        RETRY,
        /** A 429: try again later and hold all sending until then. */
        RATE_LIMITED,
        /** A configuration problem: pause all delivery with {@link Outcome#pauseReason}. */
        PAUSE,
        /** Dub rejected the body's details (422): resend once with the required fields only. */
        RESEND_REQUIRED_ONLY,
        /** Dub will never take it: dead letter. */
        DEAD
    }

    /**
     * @param kind                what to do
     * @param mayHaveBeenRecorded the attempt failed after Dub may have set its dedupe key (5xx, timeout, lost connection)
     * @param pauseReason         for {@link Kind#PAUSE}: {@code unauthorized}, {@code forbidden}, {@code redirect}, {@code tls}, {@code dns}
     * @param error               for ops ({@code LastError}): status and Dub's error code, or the failure's type; never personal data
     * @param errorCode           Dub's error code, or null
     */
    record Outcome(Kind kind, boolean mayHaveBeenRecorded, String pauseReason, String error, String errorCode) {}

    private FaultPolicy() {}

    /**
     * @param answer       what came back
     * @param unattributed whether the lead was sent with {@code clickId: ""}
     */
    static Outcome classify(DubAnswer answer, boolean unattributed) {
        if (answer.failure() != null) return failure(answer.failure());
        int status = answer.status();
        String code = errorCode(answer.body());
        String error = status + (code == null ? "" : " " + code);
        if (status == 200) {
            JsonNode json = json(answer.body());
            if (json != null && json.has("link") && json.get("link").isNull()) {
                return new Outcome(Kind.DUPLICATE, false, null, null, null);
            }
            return new Outcome(Kind.DELIVERED, false, null, null, null);
        }
        if (status >= 200 && status < 300) return new Outcome(Kind.DELIVERED, false, null, null, null);
        if (status == 429) return new Outcome(Kind.RATE_LIMITED, false, null, error, code);
        if (status == 408) return new Outcome(Kind.RETRY, false, null, error, code);
        if (status >= 500) return new Outcome(Kind.RETRY, true, null, error, code);
        if (status == 401) return new Outcome(Kind.PAUSE, false, "unauthorized", error, code);
        if (status == 403) return new Outcome(Kind.PAUSE, false, "forbidden", error, code);
        if (status >= 300 && status < 400) return new Outcome(Kind.PAUSE, false, "redirect", error, code);
        if (status == 400 && unattributed) return new Outcome(Kind.UNATTRIBUTED, false, null, error, code);
        if (status == 422) return new Outcome(Kind.RESEND_REQUIRED_ONLY, false, null, error, code);
        if (status >= 400 && status < 500) return new Outcome(Kind.DEAD, false, null, error, code);
        return new Outcome(Kind.RETRY, false, null, error, code); // 1xx or nonsense: try again
    }

    private static Outcome failure(Throwable e) {
        String type = e.getClass().getSimpleName();
        if (isTls(e)) return new Outcome(Kind.PAUSE, false, "tls", "tls " + type, null);
        if (isDns(e)) return new Outcome(Kind.PAUSE, false, "dns", "dns " + type, null);
        if (e instanceof HttpConnectTimeoutException || e instanceof ConnectException) {
            return new Outcome(Kind.RETRY, false, null, "connect " + type, null); // never reached Dub
        }
        if (e instanceof HttpTimeoutException) return new Outcome(Kind.RETRY, true, null, "timeout", null);
        if (e instanceof IOException) return new Outcome(Kind.RETRY, true, null, "connection " + type, null);
        return new Outcome(Kind.RETRY, true, null, "failure " + type, null);
    }

    /** @return whether the failure is one that becomes a configuration problem when it persists */
    static boolean isPersistentKind(String pauseReason) {
        return "tls".equals(pauseReason) || "dns".equals(pauseReason);
    }

    private static boolean isTls(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SSLException) return true;
        }
        return false;
    }

    private static boolean isDns(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof UnknownHostException || t instanceof UnresolvedAddressException) return true;
        }
        return false;
    }

    /** @return Dub's {@code error.code}, if the body is Dub's error JSON */
    static String errorCode(String body) {
        JsonNode json = json(body);
        if (json == null) return null;
        JsonNode code = json.path("error").path("code");
        return code.isTextual() && code.asText().matches("[a-z_]{1,40}") ? code.asText() : null;
    }

    static JsonNode json(String body) {
        if (body == null || body.isEmpty()) return null;
        try {
            return LeadJson.MAPPER.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }
}
