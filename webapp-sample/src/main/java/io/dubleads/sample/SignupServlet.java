package io.dubleads.sample;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.regex.Pattern;

/**
 * The signup form (name, email, password). After it has created the user, it marks the signup for
 * the filter with one line, {@code request.setAttribute("dub.lead", user)}, and redirects to the
 * welcome page. The filter takes it from there: it reads the {@code dub_id} cookie, spools the
 * lead for Dub and expires the cookie in this very redirect.
 */
public final class SignupServlet extends HttpServlet {
    /** The request attribute DubLeadFilter watches (its {@code attribute} init-param, default {@code dub.lead}). */
    static final String LEAD_ATTRIBUTE = "dub.lead";

    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
    private static final int MIN_PASSWORD = 8;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        form(request, response, HttpServletResponse.SC_OK, null, "", "");
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        request.setCharacterEncoding("UTF-8");
        String name = trimmed(request.getParameter("name"));
        String email = trimmed(request.getParameter("email"));
        String password = request.getParameter("password");

        String problem = name.isEmpty() || name.length() > 100 ? "Please give your name (at most 100 characters)."
                : !EMAIL.matcher(email).matches() || email.length() > 100 ? "Please give a valid email address."
                : password == null || password.length() < MIN_PASSWORD ? "Please choose a password of at least " + MIN_PASSWORD + " characters."
                : null;
        if (problem != null) {
            form(request, response, HttpServletResponse.SC_BAD_REQUEST, problem, name, email);
            return;
        }
        User user;
        try {
            user = users().register(name, email, password.toCharArray());
        } catch (UserStore.EmailTakenException e) {
            form(request, response, HttpServletResponse.SC_CONFLICT, "An account with this email exists already.", name, email);
            return;
        }
        if (request.getSession(false) != null) request.changeSessionId();
        request.getSession(true).setAttribute(WelcomeServlet.SESSION_USER_ID, user.getUserId());

        // The one line for Dub: the filter reads userId, fullName and emailAddress (see web.xml).
        request.setAttribute(LEAD_ATTRIBUTE, user);

        response.sendRedirect(request.getContextPath() + "/welcome");
    }

    private UserStore users() {
        return (UserStore) getServletContext().getAttribute(UserStore.CONTEXT_ATTRIBUTE);
    }

    private void form(HttpServletRequest request, HttpServletResponse response, int status, String problem, String name,
            String email) throws IOException {
        String contextPath = request.getContextPath();
        StringBuilder body = new StringBuilder("<h1>Create your account</h1>\n");
        if (problem != null) body.append("<p id=\"problem\" class=\"problem\">").append(Pages.escape(problem)).append("</p>\n");
        body.append("<form id=\"signup-form\" method=\"post\" action=\"").append(Pages.escape(contextPath)).append("/signup\">\n")
                .append("<label>Name <input id=\"name\" name=\"name\" required maxlength=\"100\" autocomplete=\"name\" value=\"")
                .append(Pages.escape(name)).append("\"></label>\n")
                .append("<label>Email <input id=\"email\" name=\"email\" type=\"email\" required maxlength=\"100\""
                        + " autocomplete=\"email\" value=\"").append(Pages.escape(email)).append("\"></label>\n")
                .append("<label>Password <input id=\"password\" name=\"password\" type=\"password\" required minlength=\"")
                .append(MIN_PASSWORD).append("\" autocomplete=\"new-password\"></label>\n")
                .append("<button id=\"submit\" type=\"submit\">Sign up</button>\n</form>\n")
                .append("<p><a href=\"").append(Pages.escape(contextPath)).append("/\">Back</a></p>\n");
        Pages.write(response, status, contextPath, "Sign up", body.toString());
    }

    private static String trimmed(String s) {
        return s == null ? "" : s.trim();
    }
}
