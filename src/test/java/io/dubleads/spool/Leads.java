package io.dubleads.spool;

import java.nio.charset.StandardCharsets;

/** Spool records shaped like the delivery layer's: a JSON lead of about 400 bytes. */
final class Leads {
    private Leads() {}

    static byte[] lead(long n) {
        String json = "{\"v\":1,\"acceptedAt\":1764830000000,\"body\":{\"clickId\":\"cl1ck" + n + "Xy9Zq\","
                + "\"eventName\":\"Sign Up\",\"customerExternalId\":\"user-" + n + "\",\"customerName\":\"Ada Lovelace\","
                + "\"customerEmail\":\"ada" + n + "@example.com\",\"customerAvatar\":\"https://cdn.example.com/avatars/" + n + ".png\","
                + "\"mode\":\"async\",\"metadata\":{\"plan\":\"pro\",\"source\":\"landing-page-spring\",\"referrer\":"
                + "\"https://blog.example.com/posts/how-we-grew\"}},\"dedupeKey\":\"user-" + n + "|sign-up|async\","
                + "\"customerKey\":\"user-" + n + "\"}";
        return json.getBytes(StandardCharsets.UTF_8);
    }

    static String text(byte[] record) {
        return new String(record, StandardCharsets.UTF_8);
    }
}
