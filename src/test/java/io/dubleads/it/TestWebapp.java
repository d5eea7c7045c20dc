package io.dubleads.it;

import io.dubleads.standin.DubStandIn;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Builds an exploded test webapp in a fresh directory: {@code WEB-INF/lib/} holds the filter jar
 * (the {@code javax} one for Servlet 4.0 containers), {@code WEB-INF/classes/} the test app
 * ({@code io.dubleads.it.app}, transformed to javax for Tomcat 9), and a generated
 * {@code WEB-INF/web.xml} maps {@code DubLeadFilter} first to {@code /*} (async, REQUEST) with the
 * given init-params, then the app's servlets.
 */
public final class TestWebapp {
    /** servlet name → (class, url pattern) */
    private static final String[][] SERVLETS = {
        {"signup", "Signup", "/signup"},
        {"redirect", "CommitServlets$Redirect", "/commit/redirect"},
        {"redirect-status", "CommitServlets$RedirectWithStatus", "/commit/redirect-status"},
        {"redirect-clear", "CommitServlets$RedirectClearBuffer", "/commit/redirect-clear"},
        {"redirect-status-clear", "CommitServlets$RedirectWithStatusClearBuffer", "/commit/redirect-status-clear"},
        {"send-error", "CommitServlets$SendError", "/commit/send-error"},
        {"send-error-message", "CommitServlets$SendErrorWithMessage", "/commit/send-error-message"},
        {"flush-buffer", "CommitServlets$FlushBuffer", "/commit/flush-buffer"},
        {"writer-flush", "CommitServlets$WriterFlush", "/commit/writer-flush"},
        {"writer-close", "CommitServlets$WriterClose", "/commit/writer-close"},
        {"stream-flush", "CommitServlets$StreamFlush", "/commit/stream-flush"},
        {"stream-close", "CommitServlets$StreamClose", "/commit/stream-close"},
        {"large-body", "CommitServlets$LargeBody", "/commit/large-body"},
        {"forward", "CommitServlets$Forward", "/commit/forward"},
        {"forward-then-set", "CommitServlets$ForwardThenSet", "/commit/forward-then-set"},
        {"forward-target", "CommitServlets$ForwardTarget", "/forward-target"},
        {"error-page-commit", "CommitServlets$ErrorPageCommit", "/commit/error-page"},
        {"error-page", "CommitServlets$ErrorPage", "/error-page"},
        {"async", "CommitServlets$Async", "/commit/async"},
        {"reset", "CommitServlets$Reset", "/commit/reset"},
        {"after-commit", "CommitServlets$AfterCommit", "/commit/after-commit"},
        {"unwrapped", "CommitServlets$Unwrapped", "/commit/unwrapped"},
        {"throws", "CommitServlets$Throws", "/commit/throws"},
        {"welcome", "CommitServlets$Welcome", "/welcome"},
    };

    private final ContainerKind kind;
    private final Map<String, String> initParams = new LinkedHashMap<>();
    private List<String> dispatchers = List.of("REQUEST");
    private boolean withFilter = true;

    private TestWebapp(ContainerKind kind) {
        this.kind = kind;
    }

    /** A webapp for {@code kind} with no init-params yet. */
    public static TestWebapp forContainer(ContainerKind kind) {
        return new TestWebapp(kind);
    }

    /** The usual setup: {@code apiUrl} = the stand-in, its key, an in-memory spool. */
    public static TestWebapp standard(ContainerKind kind, DubStandIn dub) {
        return forContainer(kind)
                .param("apiUrl", dub.url())
                .param("apiKey", DubStandIn.API_KEY)
                .param("spoolDirectory", "memory");
    }

    /** Adds or replaces an init-param; a null value removes it. */
    public TestWebapp param(String name, String value) {
        if (value == null) initParams.remove(name);
        else initParams.put(name, value);
        return this;
    }

    /** The same webapp without the filter (its jar stays in WEB-INF/lib): a control for leak checks. */
    public TestWebapp withoutFilter() {
        this.withFilter = false;
        return this;
    }

    /** The filter mapping's dispatcher types (default REQUEST only, as the README says to map it). */
    public TestWebapp dispatchers(String... types) {
        this.dispatchers = List.of(types);
        return this;
    }

    /** Writes the webapp into a new directory under {@code parent}. */
    public Path writeTo(Path parent) {
        try {
            Files.createDirectories(parent);
            Path dir = Files.createTempDirectory(parent, "webapp-");
            Path lib = Files.createDirectories(dir.resolve("WEB-INF/lib"));
            Path jar = ItPaths.filterJar(kind.javax);
            Files.copy(jar, lib.resolve(jar.getFileName()));
            Path classesRoot = ItPaths.appClasses(kind.javax);
            Path app = classesRoot.resolve("io/dubleads/it/app");
            if (!Files.isDirectory(app)) throw new IllegalStateException("no test webapp classes in " + app);
            Path classes = dir.resolve("WEB-INF/classes");
            try (Stream<Path> files = Files.walk(app)) {
                for (Path f : (Iterable<Path>) files::iterator) {
                    Path target = classes.resolve(classesRoot.relativize(f).toString());
                    if (Files.isDirectory(f)) Files.createDirectories(target);
                    else Files.copy(f, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
            Files.writeString(dir.resolve("WEB-INF/web.xml"), webXml());
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String webXml() {
        StringBuilder x = new StringBuilder();
        x.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        if (kind.javax) {
            x.append("<web-app xmlns=\"http://xmlns.jcp.org/xml/ns/javaee\"\n")
             .append("         xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"\n")
             .append("         xsi:schemaLocation=\"http://xmlns.jcp.org/xml/ns/javaee http://xmlns.jcp.org/xml/ns/javaee/web-app_4_0.xsd\"\n")
             .append("         version=\"4.0\">\n");
        } else {
            x.append("<web-app xmlns=\"https://jakarta.ee/xml/ns/jakartaee\"\n")
             .append("         xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"\n")
             .append("         xsi:schemaLocation=\"https://jakarta.ee/xml/ns/jakartaee https://jakarta.ee/xml/ns/jakartaee/web-app_6_0.xsd\"\n")
             .append("         version=\"6.0\">\n");
        }
        if (withFilter) appendFilter(x);
        for (String[] s : SERVLETS) {
            x.append("  <servlet>\n    <servlet-name>").append(s[0]).append("</servlet-name>\n")
             .append("    <servlet-class>io.dubleads.it.app.").append(s[1]).append("</servlet-class>\n")
             .append("    <async-supported>true</async-supported>\n  </servlet>\n")
             .append("  <servlet-mapping>\n    <servlet-name>").append(s[0]).append("</servlet-name>\n")
             .append("    <url-pattern>").append(s[2]).append("</url-pattern>\n  </servlet-mapping>\n");
        }
        x.append("  <error-page>\n    <error-code>500</error-code>\n    <location>/error-page</location>\n  </error-page>\n");
        x.append("</web-app>\n");
        return x.toString();
    }

    private void appendFilter(StringBuilder x) {
        x.append("  <filter>\n    <filter-name>dub-leads</filter-name>\n")
         .append("    <filter-class>io.dubleads.DubLeadFilter</filter-class>\n")
         .append("    <async-supported>true</async-supported>\n");
        for (Map.Entry<String, String> p : initParams.entrySet()) {
            x.append("    <init-param>\n      <param-name>").append(escape(p.getKey())).append("</param-name>\n")
             .append("      <param-value>").append(escape(p.getValue())).append("</param-value>\n    </init-param>\n");
        }
        x.append("  </filter>\n  <filter-mapping>\n    <filter-name>dub-leads</filter-name>\n")
         .append("    <url-pattern>/*</url-pattern>\n");
        for (String d : dispatchers) x.append("    <dispatcher>").append(d).append("</dispatcher>\n");
        x.append("  </filter-mapping>\n");
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
