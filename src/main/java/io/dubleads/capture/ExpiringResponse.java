package io.dubleads.capture;

import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;

/**
 * The response the application sees on a watched request. The cookie expiry headers are added to
 * the container's response the moment a lead is accepted, which is before every way a response can
 * commit (redirect, error, flush, close, a full buffer, forward, error page, async completion), so
 * they travel with whatever the container writes. Only {@link #reset()} would clear them: this
 * wrapper puts them back.
 */
public final class ExpiringResponse extends HttpServletResponseWrapper {
    private final RequestCapture capture;

    public ExpiringResponse(HttpServletResponse response, RequestCapture capture) {
        super(response);
        this.capture = capture;
    }

    @Override
    public void reset() {
        super.reset();
        capture.reapplyAfterReset();
    }
}
