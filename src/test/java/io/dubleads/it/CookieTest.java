package io.dubleads.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.dubleads.standin.DubStandIn;
import org.junit.jupiter.api.Test;

/** Which cookies arrive, on which host, and what the response does about them. */
class CookieTest extends ContainerSuite {

    @Override
    TestWebapp configure(TestWebapp webapp) {
        return webapp.param("concurrency", "1"); // in order: assertNothingSent relies on it
    }

    private RawHttp.Response signup(String customer, String host, String cookie) {
        RawHttp.Response r = get(APP + "/signup?id=" + customer, host, cookie);
        assertEquals(200, r.status(), r::toString);
        return r;
    }

    @Test
    void sendsNothingWithoutCookie() {
        String c = newCustomer();
        RawHttp.Response r = signup(c, HOST, "theme=dark");
        assertEquals(java.util.List.of(), r.setCookies(), r::toString);
        assertNothingSent();
    }

    @Test
    void keepsOverlongClickCookieAndSendsNothing() {
        String c = newCustomer();
        RawHttp.Response r = signup(c, HOST, "dub_id=" + "a".repeat(70));
        assertNoSetCookie(r, "dub_id");
        assertNothingSent();
    }

    @Test
    void keepsClickCookieWithInvalidCharactersAndSendsNothing() {
        String c = newCustomer();
        RawHttp.Response r = signup(c, HOST, "dub_id=abc.def");
        assertNoSetCookie(r, "dub_id");
        assertNothingSent();
    }

    @Test
    void expiresRawJsonPartnerCookieToo() {
        String c = newCustomer();
        String click = dub.newClick();
        RawHttp.Response r = signup(c, HOST, "dub_id=" + click + "; dub_partner_data={\"clickId\":\"" + click
                + "\",\"partner\":{\"id\":\"p\"}}");
        assertExpired(r, "dub_id", "www.shop.test", "shop.test");
        assertExpired(r, "dub_partner_data", "www.shop.test", "shop.test");
        assertEquals(click, awaitOneLead(c).clickId());
    }

    @Test
    void expiresHostOnlyAndForHostAndParentDomain() {
        String c = newCustomer();
        String click = dub.newClick();
        RawHttp.Response r = signup(c, "www.shop.test", "dub_id=" + click);
        assertExpired(r, "dub_id", "www.shop.test", "shop.test");
        assertEquals(click, awaitOneLead(c).clickId());
    }

    @Test
    void expiresForEveryParentDomainDownToRegistrable() {
        String c = newCustomer();
        String click = dub.newClick();
        RawHttp.Response r = signup(c, "app.eu.shop.test", "dub_id=" + click);
        assertExpired(r, "dub_id", "app.eu.shop.test", "eu.shop.test", "shop.test");
        awaitOneLead(c);
    }

    @Test
    void expiresHostOnlyOnLocalhost() {
        String c = newCustomer();
        RawHttp.Response r = signup(c, "localhost", "dub_id=" + dub.newClick());
        assertExpired(r, "dub_id");
        awaitOneLead(c);
    }

    @Test
    void expiresHostOnlyOnIpAddress() {
        String c = newCustomer();
        RawHttp.Response r = signup(c, "127.0.0.1:" + child.port(), "dub_id=" + dub.newClick());
        assertExpired(r, "dub_id");
        awaitOneLead(c);
    }

    @Test
    void keepsPartnerCookieWithoutClickCookieAndSendsNothing() {
        String c = newCustomer();
        RawHttp.Response r = signup(c, HOST, "dub_partner_data={\"clickId\":\"x\",\"partner\":{\"id\":\"p\"}}");
        assertEquals(java.util.List.of(), r.setCookies(), r::toString);
        assertNothingSent();
    }

    /** Deploys a second webapp with {@code cookieDomain} set, signs up through it, undeploys it. */
    private RawHttp.Response signupWithCookieDomain(String cookieDomain) {
        String path = "/domain-" + Math.abs(cookieDomain.hashCode());
        child.deployOrFail(path, standardApp().param("cookieDomain", cookieDomain).writeTo(work));
        try {
            String c = newCustomer();
            RawHttp.Response r = get(path + "/signup?id=" + c, "app.eu.shop.test", "dub_id=" + dub.newClick());
            assertEquals(200, r.status(), r::toString);
            awaitOneLead(c);
            return r;
        } finally {
            child.undeploy(path);
        }
    }

    @Test
    void expiresHostOnlyWithCookieDomainNone() {
        assertExpired(signupWithCookieDomain("none"), "dub_id");
    }

    @Test
    void expiresForConfiguredDomainList() {
        assertExpired(signupWithCookieDomain("shop.test, eu.shop.test"), "dub_id", "shop.test", "eu.shop.test");
    }
}
