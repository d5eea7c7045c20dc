package io.dubleads.sample;

import jakarta.servlet.http.Cookie;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The {@code dub_id} cookie as Dub's browser script sets it on a landing page, done on the server:
 * {@code Path=/}, 90 days, {@code SameSite=Lax}, not HttpOnly (Dub's script reads it), and a
 * {@code Domain} of the page host without a leading {@code www.}, so that every subdomain of the
 * site (the app on {@code app.shop.example}, say) sees it. No {@code Domain} on {@code localhost},
 * IP addresses and single-label hosts, where browsers would refuse one.
 *
 * <p>Dub's script writes the domain with a leading dot; browsers ignore the dot, and some
 * containers (Tomcat's RFC 6265 cookie processor) reject it, so it is left out here.
 */
public final class ClickCookie {
    /** The cookie's name, as Dub's script names it. */
    public static final String NAME = "dub_id";
    /** 90 days, in seconds. */
    public static final int MAX_AGE_SECONDS = 90 * 24 * 60 * 60;

    /**
     * The click IDs this sample stores: the characters the filter accepts. Dub's script stores any
     * value raw; the filter would refuse a malformed one at signup (and keep the cookie), so the
     * sample does not store it in the first place.
     */
    private static final Pattern CLICK_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private ClickCookie() {}

    /** @return whether {@code value} is a click ID this sample stores */
    public static boolean isClickId(String value) {
        return value != null && CLICK_ID.matcher(value).matches();
    }

    /** @return the cookie for {@code clickId}, for a landing page served on {@code host} */
    public static Cookie forClick(String clickId, String host) {
        Cookie cookie = new Cookie(NAME, clickId);
        cookie.setPath("/");
        cookie.setMaxAge(MAX_AGE_SECONDS);
        cookie.setAttribute("SameSite", "Lax");
        String domain = domainFor(host);
        if (domain != null) cookie.setDomain(domain);
        return cookie;
    }

    /**
     * @return the cookie domain for a page on {@code host}: the host without a leading {@code www.};
     *         null (a host-only cookie) for localhost, IP addresses and single-label hosts
     */
    public static String domainFor(String host) {
        if (host == null || host.isEmpty()) return null;
        String h = host.toLowerCase(Locale.ROOT);
        if (h.endsWith(".")) h = h.substring(0, h.length() - 1);
        if (h.startsWith("[") || h.indexOf(':') >= 0 || IPV4.matcher(h).matches()) return null;
        if (h.equals("localhost") || h.endsWith(".localhost")) return null;
        if (h.startsWith("www.")) h = h.substring(4);
        return h.indexOf('.') < 0 ? null : h;
    }
}
