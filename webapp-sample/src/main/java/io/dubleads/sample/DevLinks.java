package io.dubleads.sample;

import jakarta.servlet.ServletContext;

/**
 * Links to the dev server's pages, shown only when the webapp runs in the sample's dev server,
 * which announces them as context init-params. Deployed as a plain WAR, the pages show none.
 */
final class DevLinks {
    /** Context init-param: the path of the page that creates a click at the local Dub stand-in. */
    static final String SIMULATE_CLICK_PATH = "io.dubleads.sample.simulateClickPath";
    /** Context init-param: the path of the page that shows what Dub received and the filter's counters. */
    static final String STATUS_PATH = "io.dubleads.sample.statusPath";

    private DevLinks() {}

    /** @return the context-relative path given by {@code param}, or null */
    static String path(ServletContext context, String param) {
        String path = context.getInitParameter(param);
        return path == null || path.isBlank() ? null : path;
    }

    /** @return a paragraph linking to the status page, or "" */
    static String statusParagraph(ServletContext context, String contextPath) {
        String status = path(context, STATUS_PATH);
        if (status == null) return "";
        return "<p class=\"dev\">Dev server: <a id=\"dub-status\" href=\"" + Pages.escape(contextPath + status)
                + "\">what Dub received, and the filter's counters</a></p>";
    }
}
