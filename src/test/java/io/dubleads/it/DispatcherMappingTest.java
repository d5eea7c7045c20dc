package io.dubleads.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * The filter mapped with every dispatcher type (REQUEST, FORWARD, INCLUDE, ERROR, ASYNC), as some
 * applications do: a forward, an error page or an async dispatch passes the filter again, and must
 * neither send the lead twice nor add the expiry headers twice.
 */
class DispatcherMappingTest extends ContainerSuite {

    @Override
    TestWebapp configure(TestWebapp webapp) {
        return webapp.dispatchers("REQUEST", "FORWARD", "INCLUDE", "ERROR", "ASYNC");
    }

    private void sendsOnceThrough(String path, int status) {
        String customer = newCustomer();
        String click = dub.newClick();
        RawHttp.Response r = getWithClick(path + "?id=" + customer, click);
        assertEquals(status, r.status(), r::toString);
        assertExpired(r, "dub_id", "www.shop.test", "shop.test"); // each header once
        assertEquals(click, awaitOneLead(customer).clickId()); // one request to Dub
    }

    @Test
    void sendsOnceWhenForwardTargetMarksSignup() {
        sendsOnceThrough("/commit/forward-then-set", 200);
    }

    @Test
    void sendsOnceWhenErrorPageRenders() {
        sendsOnceThrough("/commit/error-page", 500);
    }

    @Test
    void sendsOnceWhenServletThrowsToErrorPage() {
        sendsOnceThrough("/commit/throws", 500);
    }

    @Test
    void sendsOnceWhenAsyncThreadMarksSignup() {
        sendsOnceThrough("/commit/async", 200);
    }
}
