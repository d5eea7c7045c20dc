package io.dubleads.capture;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Enumeration;

/**
 * The click cookies a request carries, read from the raw {@code Cookie} header rather than
 * {@code getCookies()}: Dub's {@code dub_partner_data} holds raw JSON ({@code "}, {@code ,},
 * {@code {}) that strict RFC 6265 parsers drop.
 *
 * @param clickId        the value of the click-ID cookie, or {@code null} when absent
 * @param partnerCookie  whether {@value #PARTNER_COOKIE} was sent
 */
public record ClickCookies(String clickId, boolean partnerCookie) {
    /** The cookie Dub's script sets for partner links. */
    public static final String PARTNER_COOKIE = "dub_partner_data";

    static final ClickCookies NONE = new ClickCookies(null, false);

    /** @return whether the request needs to be watched: one header lookup, no parsing */
    public static boolean mayCarry(HttpServletRequest request, String cookieName) {
        String header = request.getHeader("Cookie");
        return header != null && (header.contains(cookieName) || header.contains(PARTNER_COOKIE));
    }

    /** @return the click cookies of every {@code Cookie} header of the request; names are compared in place, without copies */
    public static ClickCookies of(HttpServletRequest request, String cookieName) {
        String clickId = null;
        boolean partner = false;
        Enumeration<String> headers = request.getHeaders("Cookie");
        while (headers != null && headers.hasMoreElements()) {
            String header = headers.nextElement();
            int i = 0;
            while (i < header.length()) {
                int end = header.indexOf(';', i);
                if (end < 0) end = header.length();
                int eq = header.indexOf('=', i);
                if (eq > i && eq < end) {
                    int from = i;
                    int to = eq;
                    while (from < to && header.charAt(from) <= ' ') from++;
                    while (to > from && header.charAt(to - 1) <= ' ') to--;
                    if (clickId == null && isName(header, from, to, cookieName)) {
                        clickId = unquote(header.substring(eq + 1, end).trim());
                    } else if (isName(header, from, to, PARTNER_COOKIE)) {
                        partner = true;
                    }
                }
                i = end + 1;
            }
        }
        return clickId == null && !partner ? NONE : new ClickCookies(clickId, partner);
    }

    private static boolean isName(String header, int from, int to, String name) {
        return to - from == name.length() && header.regionMatches(from, name, 0, name.length());
    }

    private static String unquote(String v) {
        return v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"") ? v.substring(1, v.length() - 1) : v;
    }

    /** @return whether there is anything to expire */
    public boolean any() {
        return clickId != null || partnerCookie;
    }
}
