package io.dubleads.sample.dev;

import io.dubleads.standin.DubStandIn;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * {@code /dub/click}: what clicking a Dub short link does, locally. Creates a click at the stand-in
 * (so the stand-in, strict like Dub, knows its ID) and redirects to the landing page with
 * {@code ?dub_id=<click ID>}, as Dub redirects to a link's destination.
 */
final class SimulateClickServlet extends HttpServlet {
    private final transient DubStandIn standIn;

    SimulateClickServlet(DubStandIn standIn) {
        this.standIn = standIn;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setHeader("Cache-Control", "no-store");
        response.sendRedirect(request.getContextPath() + "/?dub_id=" + standIn.newClick());
    }
}
