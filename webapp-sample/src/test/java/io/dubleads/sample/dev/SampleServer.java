package io.dubleads.sample.dev;

import io.dubleads.standin.DubStandIn;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.ee10.webapp.WebAppContext;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * The sample's dev server: the sample WAR (exploded, {@code webapp-sample/target/webapp-sample})
 * on embedded Jetty 12 (ee10), as {@code ./run-sample.sh} starts it.
 *
 * <p>With {@code DUB_API_KEY} in the environment, the filter talks to the real Dub (its
 * {@code apiUrl} is {@code -Ddub.apiUrl}, default {@code https://api.dub.co}). Without it, the server
 * starts the local Dub stand-in on 127.0.0.1 and points the filter at it (its key and URL, through
 * Jetty's override descriptor: the WAR's own {@code web.xml} stays as it ships), and adds two
 * pages: {@code /dub/click} creates a click at the stand-in and comes back to the landing page with
 * {@code ?dub_id=}, and {@code /dub} shows what the stand-in received. {@code /dub} shows the
 * filter's JMX counters in both modes.
 *
 * <p>System properties: {@code port} (else the environment's {@code PORT}, else 8080), {@code host}
 * (the address to listen on, default 127.0.0.1), {@code sample.webapp} (the exploded WAR),
 * {@code jetty.base} (where the filter keeps its spool; default {@code target/jetty-base} with the
 * real Dub, a fresh temporary directory with the stand-in, whose clicks die with it).
 */
public final class SampleServer implements AutoCloseable {
    /** The filter's name in the sample's web.xml. */
    static final String FILTER_NAME = "dub-leads";
    /** Context init-params the sample's pages read to link to the dev pages (see the webapp's DevLinks). */
    static final String SIMULATE_CLICK_PARAM = "io.dubleads.sample.simulateClickPath";
    static final String STATUS_PARAM = "io.dubleads.sample.statusPath";
    static final String STATUS_PATH = "/dub";
    static final String SIMULATE_CLICK_PATH = "/dub/click";

    private final Server jetty;
    private final DubStandIn standIn;
    private final Path temporaryBase;

    private SampleServer(Server jetty, DubStandIn standIn, Path temporaryBase) {
        this.jetty = jetty;
        this.standIn = standIn;
        this.temporaryBase = temporaryBase;
    }

    /** Starts the sample as configured by the environment and system properties, and serves until killed. */
    public static void main(String[] args) throws Exception {
        String key = System.getenv("DUB_API_KEY");
        boolean useStandIn = key == null || key.isBlank();
        SampleServer server = start(System.getProperty("host", "127.0.0.1"), configuredPort(), webappDirectory(), useStandIn);
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "sample-server-shutdown"));
        String base = "http://localhost:" + server.port();
        System.out.println();
        System.out.println("Sample running at " + base + "/  (Ctrl-C stops it)");
        if (useStandIn) {
            System.out.println("  DUB_API_KEY is not set: leads go to the local Dub stand-in at " + server.standIn().orElseThrow().url());
            System.out.println("  " + base + "/ offers a simulated Dub click; " + base + STATUS_PATH + " shows what Dub received");
        } else {
            System.out.println("  DUB_API_KEY is set: leads go to " + System.getProperty("dub.apiUrl", "https://api.dub.co"));
            System.out.println("  open it through a Dub short link (conversion tracking on) whose destination is this page;");
            System.out.println("  " + base + STATUS_PATH + " shows the filter's counters");
        }
        server.jetty.join();
    }

    /**
     * Starts the sample.
     *
     * @param host       the address to listen on
     * @param port       0 for an ephemeral port
     * @param webapp     the exploded WAR
     * @param useStandIn start the local Dub stand-in and send the leads there
     */
    public static SampleServer start(String host, int port, Path webapp, boolean useStandIn) throws Exception {
        if (!Files.isRegularFile(webapp.resolve("WEB-INF/web.xml"))) {
            throw new IllegalStateException("no exploded WAR at " + webapp + ": build it first (mvn -f webapp-sample/pom.xml package)");
        }
        DubStandIn standIn = null;
        Path temporaryBase = null;
        Server jetty = new Server();
        try {
            if (useStandIn) {
                standIn = DubStandIn.start();
                if (System.getProperty("jetty.base") == null) {
                    temporaryBase = Files.createTempDirectory("dub-sample-");
                    System.setProperty("jetty.base", temporaryBase.toString());
                }
            } else if (System.getProperty("jetty.base") == null) {
                Path base = webapp.toAbsolutePath().getParent().resolve("jetty-base");
                Files.createDirectories(base);
                System.setProperty("jetty.base", base.toString());
            }

            ServerConnector connector = new ServerConnector(jetty);
            connector.setHost(host);
            connector.setPort(port);
            jetty.addConnector(connector);

            WebAppContext context = new WebAppContext();
            context.setContextPath("/");
            context.setWar(webapp.toAbsolutePath().toString());
            context.setThrowUnavailableOnStartupException(true);
            context.setInitParameter(STATUS_PARAM, STATUS_PATH);
            context.addServlet(new ServletHolder("dub-status", new DubStatusServlet(standIn)), STATUS_PATH);
            if (standIn != null) {
                context.setInitParameter(SIMULATE_CLICK_PARAM, SIMULATE_CLICK_PATH);
                context.addServlet(new ServletHolder("simulate-click", new SimulateClickServlet(standIn)), SIMULATE_CLICK_PATH);
                context.setOverrideDescriptor(standInOverride(standIn).toString());
            }
            jetty.setHandler(context);
            jetty.start();
            return new SampleServer(jetty, standIn, temporaryBase);
        } catch (Exception | Error e) {
            new SampleServer(jetty, standIn, temporaryBase).close();
            throw e;
        }
    }

    /** @return the port the server listens on */
    public int port() {
        return ((ServerConnector) jetty.getConnectors()[0]).getLocalPort();
    }

    /** @return the stand-in the leads go to, when running without {@code DUB_API_KEY} */
    public Optional<DubStandIn> standIn() {
        return Optional.ofNullable(standIn);
    }

    /** Stops Jetty (the filter's {@code destroy()} delivers what it can) and the stand-in. */
    @Override
    public void close() {
        try {
            jetty.stop();
        } catch (Exception e) {
            System.err.println("stopping Jetty: " + e);
        }
        if (standIn != null) standIn.close();
        if (temporaryBase != null) deleteTree(temporaryBase);
    }

    /** The filter's apiKey and apiUrl for the stand-in, as a Jetty override descriptor (applied after web.xml). */
    private static Path standInOverride(DubStandIn standIn) throws IOException {
        String xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<web-app xmlns=\"https://jakarta.ee/xml/ns/jakartaee\" version=\"6.0\">\n"
                + "  <filter>\n"
                + "    <filter-name>" + FILTER_NAME + "</filter-name>\n"
                + "    <init-param><param-name>apiKey</param-name><param-value>" + DubStandIn.API_KEY + "</param-value></init-param>\n"
                + "    <init-param><param-name>apiUrl</param-name><param-value>" + standIn.url() + "</param-value></init-param>\n"
                + "  </filter>\n"
                + "</web-app>\n";
        Path file = Files.createTempFile("dub-sample-override-", ".xml");
        file.toFile().deleteOnExit();
        Files.writeString(file, xml, StandardCharsets.UTF_8);
        return file;
    }

    private static int configuredPort() {
        String value = System.getProperty("port", System.getenv("PORT"));
        if (value == null || value.isBlank()) return 8080;
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("port must be a number, not '" + value + "'");
        }
    }

    /** @return {@code -Dsample.webapp}, else {@code target/webapp-sample} beside this class's {@code target/test-classes} */
    static Path webappDirectory() throws URISyntaxException {
        String configured = System.getProperty("sample.webapp");
        if (configured != null) return Path.of(configured);
        URI classes = SampleServer.class.getProtectionDomain().getCodeSource().getLocation().toURI();
        return Path.of(classes).getParent().resolve("webapp-sample");
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            System.err.println("could not delete " + root + ": " + e);
        }
    }
}
