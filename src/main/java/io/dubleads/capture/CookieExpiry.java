package io.dubleads.capture;

import java.net.IDN;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The {@code Set-Cookie} header values that delete the click cookies. A deletion only works when it
 * repeats the Domain and Path the cookie was set with; the filter cannot know which host set it (the
 * landing page may be {@code www.shop.com} while the signup runs on {@code app.shop.com}), so
 * {@code cookieDomain=auto} deletes it host-only and for every domain from the request host up to its
 * last two labels. Never a leading dot (Tomcat's RFC 6265 processor rejects it; browsers ignore it).
 * Headers are written as text, not through {@code Cookie}, so the same code runs on Servlet 4.0.
 */
public final class CookieExpiry {
    static final String EXPIRED = "=; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Path=";

    private final String cookieName;
    private final String path;
    /** null: auto; empty: host-only only; else these domains. */
    private final List<String> domains;

    public CookieExpiry(String cookieName, String path, List<String> domains) {
        this.cookieName = cookieName;
        this.path = path;
        this.domains = domains;
    }

    /**
     * @param host    the request's server name
     * @param cookies which cookies the request carried
     * @return the header values to add, host-only first
     */
    public List<String> headers(String host, ClickCookies cookies) {
        List<String> result = new ArrayList<>(8);
        List<String> forDomains = domains == null ? autoDomains(host) : domains;
        if (cookies.clickId() != null) add(result, cookieName, forDomains);
        if (cookies.partnerCookie()) add(result, ClickCookies.PARTNER_COOKIE, forDomains);
        return result;
    }

    private void add(List<String> out, String name, List<String> forDomains) {
        String base = name + EXPIRED + path;
        out.add(base);
        for (String d : forDomains) out.add(base + "; Domain=" + d);
    }

    /**
     * The host and each parent domain down to the last two labels; none for IPs, localhost, single
     * labels, and hosts with characters a Domain attribute cannot hold (nothing from the Host header
     * can reach the {@code Set-Cookie} line but letters, digits, dots and hyphens).
     */
    static List<String> autoDomains(String host) {
        if (host == null || host.isEmpty()) return List.of();
        String h = host.toLowerCase(Locale.ROOT);
        if (h.endsWith(".")) h = h.substring(0, h.length() - 1);
        if (!isDomainText(h)) {
            try {
                h = IDN.toASCII(h, IDN.ALLOW_UNASSIGNED).toLowerCase(Locale.ROOT); // e.g. bücher.example
            } catch (IllegalArgumentException e) {
                return List.of();
            }
            if (!isDomainText(h)) return List.of(); // IPv6 literals, ports, anything odd
        }
        if (isDigitsAndDots(h) || h.equals("localhost") || h.endsWith(".localhost")) return List.of();
        List<String> out = new ArrayList<>(4);
        String d = h;
        while (d.indexOf('.') > 0 && d.indexOf('.') < d.length() - 1) {
            out.add(d);
            d = d.substring(d.indexOf('.') + 1);
        }
        return out;
    }

    private static boolean isDomainText(String h) {
        for (int i = 0; i < h.length(); i++) {
            char c = h.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '-')) return false;
        }
        return !h.isEmpty();
    }

    private static boolean isDigitsAndDots(String h) {
        for (int i = 0; i < h.length(); i++) {
            char c = h.charAt(i);
            if (!((c >= '0' && c <= '9') || c == '.')) return false;
        }
        return true;
    }
}
