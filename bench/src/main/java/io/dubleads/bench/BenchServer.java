package io.dubleads.bench;

import io.dubleads.DubLeadFilter;
import io.dubleads.standin.DubStandIn;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.handler.ContextHandler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandlerCollection;

/**
 * The server side of the HTTP benchmarks: embedded Jetty 12 (ee10) and the Dub stand-in in one JVM,
 * which {@code run.sh} pins to core 0 while the load comes from another process on core 1.
 *
 * <p>Contexts, each with the same servlet with and without the filter, so every comparison is
 * made within one server and one run:
 * <ul>
 * <li>{@code /plain}, {@code /filtered}: a trivial servlet that writes {@code ok} (pass-through);
 *     {@code /noop-filter}: the same behind a filter that does nothing (Jetty's own cost of a filter chain);</li>
 * <li>{@code /signup-plain}, {@code /signup-memory}, {@code /signup-always}, {@code /signup-interval},
 *     {@code /signup-never}: a signup servlet that sets {@code dub.lead} to the {@code c} query
 *     parameter and redirects; one filter instance per {@code spoolSync} (or memory spool);</li>
 * <li>{@code /control?op=...}: {@code latency&ms=}, {@code stop}, {@code restart},
 *     {@code register&from=&to=} (click IDs, see {@link #clickId}) for the stand-in.</li>
 * </ul>
 * Usage: {@code BenchServer <work dir> <port file>}; it writes the port there once it listens.
 */
public final class BenchServer {
    private BenchServer() {}

    /** A trivial servlet: {@code ok}. */
    static final class Hello extends HttpServlet {
        private static final byte[] OK = "ok\n".getBytes(StandardCharsets.US_ASCII);

        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            resp.setContentType("text/plain");
            resp.setContentLength(OK.length);
            resp.getOutputStream().write(OK);
        }
    }

    /** A filter that does nothing: the cost of having any filter mapped in Jetty, the control for {@code /filtered}. */
    static final class NoopFilter implements Filter {
        @Override
        public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain) throws IOException, ServletException {
            chain.doFilter(request, response);
        }
    }

    /** A signup: marks the lead with the customer ID from {@code ?c=}, then redirects. */
    static final class Signup extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            req.setAttribute("dub.lead", req.getParameter("c"));
            resp.sendRedirect("/welcome");
        }
    }

    /** Commands for the stand-in, from the load process. */
    static final class Control extends HttpServlet {
        private final DubStandIn dub;

        Control(DubStandIn dub) { this.dub = dub; }

        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            switch (req.getParameter("op")) {
                case "latency" -> dub.setLatency(Duration.ofMillis(Long.parseLong(req.getParameter("ms"))));
                case "stop" -> dub.stop();
                case "restart" -> dub.restart();
                case "register" -> {
                    long to = Long.parseLong(req.getParameter("to"));
                    for (long i = Long.parseLong(req.getParameter("from")); i < to; i++) dub.registerClick(clickId(i));
                }
                default -> {
                    resp.sendError(400);
                    return;
                }
            }
            resp.setContentLength(0);
        }
    }

    /** @return a valid Dub click ID (16 chars of [A-Za-z0-9]) unique to {@code n} */
    static String clickId(long n) {
        String digits = Long.toString(n);
        return "bench" + "0".repeat(11 - digits.length()) + digits;
    }

    /** Init-params of a filter that delivers to the stand-in. */
    static Map<String, String> filterParams(DubStandIn dub, String spoolDirectory, String spoolSync) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("apiUrl", dub.url());
        p.put("apiKey", DubStandIn.API_KEY);
        p.put("spoolDirectory", spoolDirectory);
        if (spoolSync != null) p.put("spoolSync", spoolSync);
        return p;
    }

    /** @param filterParams the filter's init-params, or null for a context without the filter */
    static ServletContextHandler context(String path, HttpServlet servlet, Map<String, String> filterParams) {
        ServletContextHandler context = new ServletContextHandler(path);
        if (filterParams != null) {
            FilterHolder filter = new FilterHolder(DubLeadFilter.class);
            filter.setName("dub-leads");
            filter.setAsyncSupported(true);
            filter.setInitParameters(filterParams);
            context.addFilter(filter, "/*", EnumSet.of(DispatcherType.REQUEST));
        }
        context.addServlet(new ServletHolder(servlet), "/*");
        return context;
    }

    /** The trivial servlet behind {@link NoopFilter}. */
    static ServletContextHandler noopFiltered(String path) {
        ServletContextHandler context = new ServletContextHandler(path);
        context.addFilter(new FilterHolder(new NoopFilter()), "/*", EnumSet.of(DispatcherType.REQUEST));
        context.addServlet(new ServletHolder(new Hello()), "/*");
        return context;
    }

    /** Starts Jetty on 127.0.0.1 with one acceptor and one selector (the server has one core). */
    static Server start(int port, ContextHandler... contexts) throws Exception {
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server, 1, 1);
        connector.setHost("127.0.0.1");
        connector.setPort(port);
        server.addConnector(connector);
        server.setHandler(new ContextHandlerCollection(contexts));
        server.start();
        return server;
    }

    static int port(Server server) {
        return ((ServerConnector) server.getConnectors()[0]).getLocalPort();
    }

    public static void main(String[] args) throws Exception {
        Path work = Path.of(args[0]);
        Path portFile = Path.of(args[1]);
        System.setProperty("sun.net.httpserver.nodelay", "true"); // see BurstDrain
        DubStandIn dub = DubStandIn.start();
        Server server = start(0,
                context("/plain", new Hello(), null),
                context("/filtered", new Hello(), filterParams(dub, work.resolve("filtered").toString(), "interval")),
                noopFiltered("/noop-filter"),
                context("/signup-plain", new Signup(), null),
                context("/signup-memory", new Signup(), filterParams(dub, "memory", null)),
                context("/signup-always", new Signup(), filterParams(dub, work.resolve("always").toString(), "always")),
                context("/signup-interval", new Signup(), filterParams(dub, work.resolve("interval").toString(), "interval")),
                context("/signup-never", new Signup(), filterParams(dub, work.resolve("never").toString(), "never")),
                context("/control", new Control(dub), null));
        Files.writeString(portFile, Integer.toString(port(server)));
        server.join();
    }
}
