package io.dubleads.sample;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.PrintWriter;

/** The sample's HTML: one page layout and escaping, so the servlets only say what is on a page. */
public final class Pages {
    private Pages() {}

    /**
     * Writes a whole page.
     *
     * @param contextPath the request's context path, for the stylesheet link
     * @param body        HTML, already escaped where it holds user input
     */
    public static void write(HttpServletResponse response, int status, String contextPath, String title, String body)
            throws IOException {
        response.setStatus(status);
        response.setContentType("text/html;charset=UTF-8");
        response.setHeader("Cache-Control", "no-store");
        PrintWriter out = response.getWriter();
        out.print("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                + "<title>" + escape(title) + " · Acme Shop</title>"
                + "<link rel=\"stylesheet\" href=\"" + escape(contextPath) + "/style.css\"></head>\n<body><main>\n"
                + body + "\n</main></body></html>\n");
    }

    /** @return {@code text} safe inside HTML text and quoted attribute values */
    public static String escape(String text) {
        if (text == null) return "";
        StringBuilder sb = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<': sb.append("&lt;"); break;
                case '>': sb.append("&gt;"); break;
                case '&': sb.append("&amp;"); break;
                case '"': sb.append("&quot;"); break;
                case '\'': sb.append("&#39;"); break;
                default: sb.append(c);
            }
        }
        return sb.toString();
    }
}
