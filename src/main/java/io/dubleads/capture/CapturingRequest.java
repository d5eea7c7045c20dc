package io.dubleads.capture;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;

/**
 * The request the application sees on a watched request: its {@link #setAttribute} notices the lead
 * attribute the moment it is set. {@link #startAsync()} hands the async context these wrappers, so
 * code on async threads goes through them too.
 */
public final class CapturingRequest extends HttpServletRequestWrapper {
    private final RequestCapture capture;
    private final String attribute;
    private final ExpiringResponse response;

    public CapturingRequest(HttpServletRequest request, ExpiringResponse response, RequestCapture capture, String attribute) {
        super(request);
        this.capture = capture;
        this.attribute = attribute;
        this.response = response;
    }

    @Override
    public void setAttribute(String name, Object value) {
        super.setAttribute(name, value);
        if (attribute.equals(name)) capture.onAttribute(value);
    }

    @Override
    public AsyncContext startAsync() throws IllegalStateException {
        AsyncContext context = getRequest().startAsync(this, response);
        context.addListener(capture);
        return context;
    }

    @Override
    public AsyncContext startAsync(ServletRequest request, ServletResponse response) throws IllegalStateException {
        AsyncContext context = super.startAsync(request, response);
        context.addListener(capture);
        return context;
    }
}
