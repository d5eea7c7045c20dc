package io.dubleads.sample.dev;

import io.dubleads.standin.DubStandIn;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import javax.management.Attribute;
import javax.management.JMException;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * {@code /dub}: what Dub received, next to what the filter counted. Lists every request the local
 * stand-in answered (time, the lead as sent, Dub's answer), newest first, when there is a stand-in;
 * and the attributes of every {@code io.dubleads:type=DubLeadFilter,*} MBean, read through the
 * platform MBeanServer as any JMX console would. Refreshes itself every two seconds.
 */
final class DubStatusServlet extends HttpServlet {
    /** The filter's MBeans, whatever their host, context and name. */
    static final String MBEAN_PATTERN = "io.dubleads:type=DubLeadFilter,*";
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneId.systemDefault());

    private final transient DubStandIn standIn;

    /** @param standIn the stand-in, or null when the filter talks to the real Dub */
    DubStatusServlet(DubStandIn standIn) {
        this.standIn = standIn;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setContentType("text/html;charset=UTF-8");
        response.setHeader("Cache-Control", "no-store");
        PrintWriter out = response.getWriter();
        String contextPath = request.getContextPath();
        out.print("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><meta http-equiv=\"refresh\" content=\"2\">"
                + "<title>What Dub received</title><link rel=\"stylesheet\" href=\"" + escape(contextPath) + "/style.css\">"
                + "</head>\n<body><main>\n<p><a href=\"" + escape(contextPath) + "/\">Back to the shop</a></p>\n");
        if (standIn != null) {
            receivedByStandIn(out);
        } else {
            out.print("<h1>Leads go to the real Dub</h1>\n<p>at <code>" + escape(System.getProperty("dub.apiUrl", "https://api.dub.co"))
                    + "</code>: see the workspace's Events page in Dub.</p>\n");
        }
        filterCounters(out);
        out.print("</main></body></html>\n");
    }

    private void receivedByStandIn(PrintWriter out) {
        List<DubStandIn.Received> received = new ArrayList<>(standIn.received());
        out.print("<h1>What the Dub stand-in received</h1>\n<p>at <code>" + escape(standIn.url()) + "</code>: "
                + standIn.leads().size() + " lead(s) recorded, " + received.size() + " request(s).</p>\n");
        out.print("<table id=\"received\"><tr><th>time</th><th>lead (request body)</th><th>answer</th></tr>\n");
        for (int i = received.size() - 1; i >= 0; i--) {
            DubStandIn.Received r = received.get(i);
            out.print("<tr><td>" + TIME.format(Instant.ofEpochMilli(r.atMillis())) + "</td><td><pre>" + escape(r.body())
                    + "</pre></td><td>" + (r.status() == 0 ? "connection dropped" : r.status()) + "<pre>" + escape(r.answer())
                    + "</pre></td></tr>\n");
        }
        if (received.isEmpty()) out.print("<tr><td colspan=\"3\">nothing yet: sign up after a (simulated) click</td></tr>\n");
        out.print("</table>\n");
    }

    private static void filterCounters(PrintWriter out) {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        Set<ObjectName> names;
        try {
            names = new TreeSet<>(server.queryNames(new ObjectName(MBEAN_PATTERN), null));
        } catch (JMException e) {
            throw new IllegalStateException(MBEAN_PATTERN + " is a valid pattern", e);
        }
        out.print("<h2>The filter's counters (JMX)</h2>\n");
        if (names.isEmpty()) out.print("<p>No MBean matches <code>" + MBEAN_PATTERN + "</code>: is the filter running with jmx=true?</p>\n");
        for (ObjectName name : names) {
            out.print("<p><code>" + escape(name.toString()) + "</code></p>\n<table class=\"counters\">\n");
            try {
                MBeanAttributeInfo[] infos = server.getMBeanInfo(name).getAttributes();
                String[] attributeNames = new String[infos.length];
                for (int i = 0; i < infos.length; i++) attributeNames[i] = infos[i].getName();
                Arrays.sort(attributeNames);
                for (Attribute a : server.getAttributes(name, attributeNames).asList()) {
                    out.print("<tr><th>" + escape(a.getName()) + "</th><td id=\"counter-" + escape(a.getName()) + "\">"
                            + escape(format(a)) + "</td></tr>\n");
                }
            } catch (JMException e) {
                out.print("<tr><td>could not read it: " + escape(e.toString()) + "</td></tr>\n");
            }
            out.print("</table>\n");
        }
    }

    private static String format(Attribute attribute) {
        Object value = attribute.getValue();
        if ("LastDeliveryTime".equals(attribute.getName()) && value instanceof Long && (Long) value > 0) {
            return value + " (" + TIME.format(Instant.ofEpochMilli((Long) value)) + ")";
        }
        return String.valueOf(value);
    }

    private static String escape(String text) {
        if (text == null) return "";
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
