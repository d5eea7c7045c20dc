package io.dubleads.delivery;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dubleads.json.Jackson;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dubleads.capture.CapturedLead;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;

/**
 * The JSON of a lead: the request body Dub receives (absent fields left out), and the spool record
 * that wraps it ({@code {"v":1,"acceptedAt":<epoch ms>,"body":{...}}}), written once on the request
 * thread and read back after a restart.
 */
final class LeadJson {
    static final int FORMAT_VERSION = 1;
    static final ObjectMapper MAPPER = Jackson.MAPPER;
    private static final JsonFactory FACTORY = MAPPER.getFactory();

    private LeadJson() {}

    /** @return the {@code POST /track/lead} body of a captured lead */
    static String body(CapturedLead lead) {
        StringWriter out = new StringWriter(256);
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("clickId", lead.clickId());
            g.writeStringField("eventName", lead.eventName());
            g.writeStringField("customerExternalId", lead.customerExternalId());
            if (lead.customerName() != null) g.writeStringField("customerName", lead.customerName());
            if (lead.customerEmail() != null) g.writeStringField("customerEmail", lead.customerEmail());
            if (lead.customerAvatar() != null) g.writeStringField("customerAvatar", lead.customerAvatar());
            if (lead.mode() != null) g.writeStringField("mode", lead.mode());
            if (lead.eventQuantity() != null) g.writeNumberField("eventQuantity", lead.eventQuantity());
            if (lead.metadataJson() != null) {
                g.writeFieldName("metadata");
                g.writeRawValue(lead.metadataJson());
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new IllegalStateException("cannot write a lead as JSON", e); // a StringWriter does not fail
        }
        return out.toString();
    }

    /** @return the spool record holding {@code body} */
    static byte[] record(String body, long acceptedAtMillis) {
        return ("{\"v\":" + FORMAT_VERSION + ",\"acceptedAt\":" + acceptedAtMillis + ",\"body\":" + body + "}")
                .getBytes(StandardCharsets.UTF_8);
    }

    /** A spool record read back: what delivery needs besides the body. */
    static final class Record {
        final long acceptedAtMillis;
        final String body;
        final String customerExternalId;
        final String clickId;

        Record(long acceptedAtMillis, String body, String customerExternalId, String clickId) {
            this.acceptedAtMillis = acceptedAtMillis;
            this.body = body;
            this.customerExternalId = customerExternalId;
            this.clickId = clickId;
        }
    }

    /** @throws IOException when the bytes are not a record this version can read */
    static Record read(byte[] data) throws IOException {
        JsonNode root = MAPPER.readTree(data);
        if (root == null || !root.isObject() || root.path("v").asInt() != FORMAT_VERSION || !root.path("body").isObject()) {
            throw new IOException("not a lead record of format " + FORMAT_VERSION);
        }
        JsonNode body = root.get("body");
        String customer = text(body, "customerExternalId");
        String clickId = text(body, "clickId");
        if (customer == null || clickId == null || text(body, "eventName") == null) {
            throw new IOException("a lead record without its required fields");
        }
        return new Record(root.path("acceptedAt").asLong(), MAPPER.writeValueAsString(body), customer, clickId);
    }

    /** @return the body with only what Dub requires ({@code clickId}, {@code customerExternalId}, {@code eventName}, {@code mode}) */
    static String requiredOnly(String body) {
        try {
            JsonNode full = MAPPER.readTree(body);
            ObjectNode minimal = MAPPER.createObjectNode();
            for (String field : new String[] {"clickId", "eventName", "customerExternalId", "mode"}) {
                if (full.hasNonNull(field)) minimal.set(field, full.get(field));
            }
            return MAPPER.writeValueAsString(minimal);
        } catch (IOException e) {
            return body;
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || !v.isTextual() ? null : v.asText();
    }
}
