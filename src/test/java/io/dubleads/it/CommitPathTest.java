package io.dubleads.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.dubleads.standin.DubStandIn;
import org.junit.jupiter.api.Test;

/**
 * Every way a servlet can commit its response, through a real container and real HTTP: the
 * response carries the {@code dub_id} expiry (host-only, {@code Domain=www.shop.test},
 * {@code Domain=shop.test}) and Dub receives exactly one lead with the cookie's click ID.
 */
class CommitPathTest extends ContainerSuite {

    /** Runs a signup through {@code path} with a registered click; checks the lead, returns the response. */
    private RawHttp.Response signupThrough(String path, int expectedStatus) {
        String customer = newCustomer();
        String click = dub.newClick();
        RawHttp.Response r = getWithClick(path + "?id=" + customer, click);
        assertEquals(expectedStatus, r.status(), r::toString);
        DubStandIn.RecordedLead lead = awaitOneLead(customer);
        assertEquals(click, lead.clickId());
        assertEquals("Sign Up", lead.eventName());
        return r;
    }

    private RawHttp.Response expiresThrough(String path, int expectedStatus) {
        RawHttp.Response r = signupThrough(path, expectedStatus);
        assertExpired(r, "dub_id", "www.shop.test", "shop.test");
        return r;
    }

    @Test
    void expiresCookieWhenServletRedirects() {
        RawHttp.Response r = expiresThrough("/commit/redirect", 302);
        assertEquals(true, r.header("Location").endsWith("/app/welcome"), r::toString);
    }

    @Test
    void expiresCookieWhenServletRedirectsWithStatus() {
        assumeTrue(container.servlet61, "sendRedirect(String,int) is Servlet 6.1");
        expiresThrough("/commit/redirect-status", 303);
    }

    @Test
    void expiresCookieWhenServletRedirectsClearingBuffer() {
        assumeTrue(container.servlet61, "sendRedirect(String,boolean) is Servlet 6.1");
        expiresThrough("/commit/redirect-clear", 302);
    }

    @Test
    void expiresCookieWhenServletRedirectsWithStatusClearingBuffer() {
        assumeTrue(container.servlet61, "sendRedirect(String,int,boolean) is Servlet 6.1");
        expiresThrough("/commit/redirect-status-clear", 307);
    }

    @Test
    void expiresCookieWhenServletSendsError() {
        expiresThrough("/commit/send-error", 409);
    }

    @Test
    void expiresCookieWhenServletSendsErrorWithMessage() {
        expiresThrough("/commit/send-error-message", 409);
    }

    @Test
    void expiresCookieWhenServletFlushesBuffer() {
        RawHttp.Response r = expiresThrough("/commit/flush-buffer", 200);
        assertEquals("flushed then more", r.body());
    }

    @Test
    void expiresCookieWhenServletFlushesWriter() {
        RawHttp.Response r = expiresThrough("/commit/writer-flush", 200);
        assertEquals("writer flushed", r.body());
    }

    @Test
    void expiresCookieWhenServletClosesWriter() {
        RawHttp.Response r = expiresThrough("/commit/writer-close", 200);
        assertEquals("writer closed", r.body());
    }

    @Test
    void expiresCookieWhenServletFlushesStream() {
        RawHttp.Response r = expiresThrough("/commit/stream-flush", 200);
        assertEquals("stream flushed", r.body());
    }

    @Test
    void expiresCookieWhenServletClosesStream() {
        RawHttp.Response r = expiresThrough("/commit/stream-close", 200);
        assertEquals("stream closed", r.body());
    }

    @Test
    void expiresCookieWhenBodyOverflowsBuffer() {
        RawHttp.Response r = expiresThrough("/commit/large-body", 200);
        assertEquals(256 * 1024, r.body().length());
    }

    @Test
    void expiresCookieWhenServletForwards() {
        RawHttp.Response r = expiresThrough("/commit/forward", 200);
        assertEquals("forwarded", r.body());
    }

    @Test
    void expiresCookieWhenForwardTargetMarksSignup() {
        RawHttp.Response r = expiresThrough("/commit/forward-then-set", 200);
        assertEquals("forwarded", r.body());
    }

    @Test
    void expiresCookieWhenErrorPageRenders() {
        RawHttp.Response r = expiresThrough("/commit/error-page", 500);
        assertEquals("error page rendered", r.body());
    }

    @Test
    void expiresCookieWhenAsyncThreadMarksSignupAndCompletes() {
        RawHttp.Response r = expiresThrough("/commit/async", 200);
        assertEquals("async done", r.body());
    }

    @Test
    void expiresCookieAfterResponseReset() {
        RawHttp.Response r = expiresThrough("/commit/reset", 200);
        assertEquals("after reset", r.body());
        assertNull(r.header("X-Before-Reset"), r::toString);
    }

    @Test
    void deliversLeadMarkedAfterCommitWithoutExpiry() {
        RawHttp.Response r = signupThrough("/commit/after-commit", 200);
        assertEquals("committed then marked", r.body());
        assertNoSetCookie(r, "dub_id");
    }

    @Test
    void deliversLeadMarkedOnUnwrappedRequest() {
        RawHttp.Response r = signupThrough("/commit/unwrapped", 200);
        assertEquals("true", r.header("X-Unwrapped"), "the app did reach past a wrapper");
        // the servlet left its small body in the buffer: the filter found the lead before the commit
        assertExpired(r, "dub_id", "www.shop.test", "shop.test");
    }

    @Test
    void keepsLeadAndExpiresCookieWhenServletThrows() {
        RawHttp.Response r = expiresThrough("/commit/throws", 500);
        // the application's own exception reached the container, unchanged
        assertEquals("error page rendered: jakarta.servlet.ServletException: the application failed after the signup",
                r.body().replace("javax.servlet", "jakarta.servlet"));
    }
}
