package io.dubleads.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class CookieExpiryTest {
    private static final String EXPIRED = "=; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Path=/";

    @Test
    void autoExpiresHostOnlyAndEveryParentDomainDownToTwoLabels() {
        CookieExpiry auto = new CookieExpiry("dub_id", "/", null);
        assertEquals(List.of("dub_id" + EXPIRED, "dub_id" + EXPIRED + "; Domain=www.shop.test",
                "dub_id" + EXPIRED + "; Domain=shop.test"), auto.headers("www.shop.test", new ClickCookies("abc", false)));
        assertEquals(List.of("app.shop.example.com", "shop.example.com", "example.com"),
                CookieExpiry.autoDomains("App.Shop.Example.com."));
    }

    @Test
    void autoSetsNoDomainForLocalhostIpsAndSingleLabels() {
        assertEquals(List.of(), CookieExpiry.autoDomains("localhost"));
        assertEquals(List.of(), CookieExpiry.autoDomains("127.0.0.1"));
        assertEquals(List.of(), CookieExpiry.autoDomains("[::1]"));
        assertEquals(List.of(), CookieExpiry.autoDomains("::1"));
        assertEquals(List.of(), CookieExpiry.autoDomains("intranet"));
    }

    @Test
    void internationalHostsBecomeAscii() {
        assertEquals(List.of("www.xn--bcher-kva.example", "xn--bcher-kva.example"), CookieExpiry.autoDomains("www.bücher.example"));
    }

    @Test
    void partnerCookieExpiredAlongsideAndConfiguredListUsed() {
        CookieExpiry list = new CookieExpiry("dub_id", "/app", List.of("shop.test"));
        String e = "=; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Path=/app";
        assertEquals(List.of("dub_id" + e, "dub_id" + e + "; Domain=shop.test", "dub_partner_data" + e,
                "dub_partner_data" + e + "; Domain=shop.test"), list.headers("www.shop.test", new ClickCookies("abc", true)));
        assertEquals(List.of("dub_partner_data" + e), new CookieExpiry("dub_id", "/app", List.of())
                .headers("www.shop.test", new ClickCookies(null, true)));
    }

    @Test
    void neverLetsAnOddHostIntoTheSetCookieLine() {
        assertEquals(List.of(), CookieExpiry.autoDomains("evil.test; Path=/x"));
        assertEquals(List.of(), CookieExpiry.autoDomains("shop.test\r\nSet-Cookie: a=b"));
        assertEquals(List.of("shop.test"), CookieExpiry.autoDomains("SHOP.TEST."));
    }
}
