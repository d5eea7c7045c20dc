package io.dubleads.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.servlet.http.Cookie;
import org.junit.jupiter.api.Test;

class ClickCookieTest {
    @Test
    void domainIsThePageHostWithoutLeadingWww() {
        assertEquals("shop.test", ClickCookie.domainFor("www.shop.test"));
        assertEquals("shop.example.com", ClickCookie.domainFor("WWW.Shop.Example.com."));
        assertEquals("app.shop.example.com", ClickCookie.domainFor("app.shop.example.com"));
    }

    @Test
    void noDomainOnLocalhostIpAddressesAndSingleLabelHosts() {
        assertNull(ClickCookie.domainFor("localhost"));
        assertNull(ClickCookie.domainFor("shop.localhost"));
        assertNull(ClickCookie.domainFor("127.0.0.1"));
        assertNull(ClickCookie.domainFor("[::1]"));
        assertNull(ClickCookie.domainFor("::1"));
        assertNull(ClickCookie.domainFor("intranet"));
        assertNull(ClickCookie.domainFor("www.intranet"));
    }

    @Test
    void cookieLastsNinetyDaysOnTheWholeSiteWithSameSiteLax() {
        Cookie cookie = ClickCookie.forClick("Ab3dEf6hIj9kLm2n", "www.shop.test");
        assertEquals("dub_id", cookie.getName());
        assertEquals("Ab3dEf6hIj9kLm2n", cookie.getValue());
        assertEquals("/", cookie.getPath());
        assertEquals(90 * 24 * 3600, cookie.getMaxAge());
        assertEquals("shop.test", cookie.getDomain());
        assertEquals("Lax", cookie.getAttribute("SameSite"));
        assertFalse(cookie.isHttpOnly(), "Dub's script reads the cookie");
    }

    @Test
    void storesOnlyClickIdsTheFilterAccepts() {
        assertTrue(ClickCookie.isClickId("Ab3dEf6hIj9kLm2n"));
        assertTrue(ClickCookie.isClickId("a_b-c"));
        assertFalse(ClickCookie.isClickId(""));
        assertFalse(ClickCookie.isClickId("a b"));
        assertFalse(ClickCookie.isClickId("x".repeat(65)));
        assertFalse(ClickCookie.isClickId(null));
    }
}
