package io.dubleads.it.app;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** A plain signup: sets the lead attribute ({@link LeadValues}), then writes a small page. */
public class Signup extends HttpServlet {
    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        req.setAttribute(LeadValues.ATTRIBUTE, LeadValues.from(req));
        resp.setContentType("text/plain");
        resp.getWriter().print("welcome");
    }
}
