package io.dubleads.sample;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * The landing page a Dub short link points to. Dub appends {@code ?dub_id=<click ID>} to the
 * destination URL; like Dub's browser script, this page keeps it in the {@code dub_id} cookie
 * (see {@link ClickCookie}; set here on the server rather than by a script), so the click is still
 * known when the visitor signs up later, on any page of the site.
 */
public final class LandingServlet extends HttpServlet {
    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String contextPath = request.getContextPath();
        String fromLink = request.getParameter(ClickCookie.NAME);
        String clickId;
        if (ClickCookie.isClickId(fromLink)) {
            response.addCookie(ClickCookie.forClick(fromLink, request.getServerName()));
            clickId = fromLink;
        } else {
            clickId = storedClick(request);
        }

        StringBuilder body = new StringBuilder();
        body.append("<h1>Acme Shop</h1>\n<p>Everything for your road runner problem. Create an account to order.</p>\n");
        if (clickId != null) {
            body.append("<p id=\"click\">You came through a Dub link: click <code>").append(Pages.escape(clickId))
                    .append("</code> is kept in the <code>dub_id</code> cookie until you sign up.</p>\n");
        } else {
            body.append("<p id=\"click\">No Dub click on this visit: a signup now is not attributed to a link.</p>\n");
            String simulate = DevLinks.path(getServletContext(), DevLinks.SIMULATE_CLICK_PATH);
            if (simulate != null) {
                body.append("<p class=\"dev\"><a id=\"simulate-click\" href=\"").append(Pages.escape(contextPath + simulate))
                        .append("\">Simulate a click on a Dub link</a> (creates a click at the local Dub stand-in"
                                + " and comes back here with <code>?dub_id=</code>)</p>\n");
            }
        }
        body.append("<p><a id=\"signup\" class=\"button\" href=\"").append(Pages.escape(contextPath))
                .append("/signup\">Create an account</a></p>\n");
        body.append(DevLinks.statusParagraph(getServletContext(), contextPath));
        Pages.write(response, HttpServletResponse.SC_OK, contextPath, "Welcome", body.toString());
    }

    private static String storedClick(HttpServletRequest request) {
        Cookie[] cookies = request.getCookies();
        if (cookies == null) return null;
        for (Cookie cookie : cookies) {
            if (ClickCookie.NAME.equals(cookie.getName()) && ClickCookie.isClickId(cookie.getValue())) return cookie.getValue();
        }
        return null;
    }
}
