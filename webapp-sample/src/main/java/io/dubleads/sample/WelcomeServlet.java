package io.dubleads.sample;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.util.Optional;

/**
 * The page after signup. It also says whether the browser still sent a {@code dub_id} cookie: after
 * a signup that came through a Dub link it should not, since the filter expired it in the redirect.
 */
public final class WelcomeServlet extends HttpServlet {
    /** The session attribute holding the signed-up user's ID. */
    static final String SESSION_USER_ID = "io.dubleads.sample.userId";

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String contextPath = request.getContextPath();
        HttpSession session = request.getSession(false);
        UserStore users = (UserStore) getServletContext().getAttribute(UserStore.CONTEXT_ATTRIBUTE);
        Optional<User> user = session == null ? Optional.empty()
                : users.find((String) session.getAttribute(SESSION_USER_ID));
        if (user.isEmpty()) {
            response.sendRedirect(contextPath + "/signup");
            return;
        }
        String body = "<h1 id=\"welcome\">Welcome, " + Pages.escape(user.get().getFullName()) + "!</h1>\n"
                + "<p>Your account <code>" + Pages.escape(user.get().getUserId()) + "</code> is ready.</p>\n"
                + "<p id=\"cookie\">" + (hasClickCookie(request)
                        ? "Your browser still sends a <code>dub_id</code> cookie."
                        : "Your browser sends no <code>dub_id</code> cookie (any click cookie was expired at signup).")
                + "</p>\n"
                + DevLinks.statusParagraph(getServletContext(), contextPath);
        Pages.write(response, HttpServletResponse.SC_OK, contextPath, "Welcome", body);
    }

    private static boolean hasClickCookie(HttpServletRequest request) {
        Cookie[] cookies = request.getCookies();
        if (cookies == null) return false;
        for (Cookie cookie : cookies) {
            if (ClickCookie.NAME.equals(cookie.getName())) return true;
        }
        return false;
    }
}
