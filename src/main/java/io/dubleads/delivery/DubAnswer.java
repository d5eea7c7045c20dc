package io.dubleads.delivery;

import java.net.http.HttpHeaders;

/**
 * What became of one request to Dub: an HTTP answer, or a failure before one arrived.
 *
 * @param status  the HTTP status, or 0 when no answer arrived
 * @param headers the answer's headers, or null
 * @param body    the answer's body ({@code ""} when none)
 * @param failure the exception when no answer arrived, else null
 */
record DubAnswer(int status, HttpHeaders headers, String body, Throwable failure) {
    static DubAnswer failed(Throwable failure) {
        return new DubAnswer(0, null, "", failure);
    }

    String header(String name) {
        return headers == null ? null : headers.firstValue(name).orElse(null);
    }
}
