package io.dubleads.capture;

import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One request's part in capturing a lead: captures at most once, whichever way the attribute shows
 * up first (set through the wrapper, found on the original request when the chain returns, or on
 * async completion). Once it captured, it marks the original request with itself, so that extra
 * dispatcher mappings of the filter (an ERROR dispatch of the unwrapped request) never send twice.
 */
public final class RequestCapture implements AsyncListener {
    /** The request attribute holding this object. */
    public static final String ATTRIBUTE = RequestCapture.class.getName();

    private final LeadCapture capture;
    private final HttpServletRequest original;
    private final ClickCookies cookies;
    private final HttpServletResponse response;
    private final AtomicBoolean captured = new AtomicBoolean();
    private volatile List<String> expiryHeaders;

    /**
     * @param original the request as the container passed it to the filter
     * @param response the response as the container passed it to the filter
     * @param cookies  the click cookies the request carried
     */
    public RequestCapture(LeadCapture capture, HttpServletRequest original, HttpServletResponse response,
            ClickCookies cookies) {
        this.capture = capture;
        this.original = original;
        this.response = response;
        this.cookies = cookies;
    }

    /** The application set the lead attribute to {@code value} (null values are ignored). */
    public void onAttribute(Object value) {
        if (value == null || !captured.compareAndSet(false, true)) return;
        original.setAttribute(ATTRIBUTE, this); // extra dispatcher mappings (e.g. an ERROR dispatch) see it is done
        List<String> headers = capture.capture(value, cookies, original.getServerName());
        if (headers.isEmpty()) return;
        if (response.isCommitted()) {
            cookieNotExpired();
            return;
        }
        expiryHeaders = headers;
        addHeaders(headers);
    }

    /** The response was reset: the expiry headers of an accepted lead go back on. */
    void reapplyAfterReset() {
        List<String> headers = expiryHeaders;
        if (headers != null) addHeaders(headers);
    }

    private void addHeaders(List<String> headers) {
        for (String header : headers) response.addHeader("Set-Cookie", header);
    }

    /** Looks for a lead set on the original request, bypassing the wrapper. */
    public void checkOriginal() {
        if (!captured.get()) onAttribute(original.getAttribute(capture.attribute()));
    }

    /** @return whether a lead was captured for this request */
    public boolean captured() { return captured.get(); }

    @Override
    public void onComplete(AsyncEvent event) {
        checkOriginal();
    }

    @Override
    public void onTimeout(AsyncEvent event) {
        // onComplete follows
    }

    @Override
    public void onError(AsyncEvent event) {
        // onComplete follows
    }

    @Override
    public void onStartAsync(AsyncEvent event) {
        if (event.getAsyncContext() != null) event.getAsyncContext().addListener(this);
    }

    private void cookieNotExpired() {
        capture.counters().cookieNotExpired.increment();
        capture.log().limited(Level.WARNING, "cookie-not-expired", "lead accepted, but the response was already"
                + " committed, so the dub_id cookie could not be expired: set the lead attribute before writing"
                + " or redirecting");
    }
}
