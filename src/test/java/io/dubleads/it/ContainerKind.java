package io.dubleads.it;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The container matrix of the suite. Each one runs in a child JVM on its own class path
 * ({@code target/containers/<name>/*.jar}) plus the launchers ({@code target/launchers}).
 * {@code -Ddub.containers=tomcat-11,jetty-ee10} narrows the run.
 */
public enum ContainerKind {
    TOMCAT_11("tomcat-11", "io.dubleads.it.server.TomcatLauncher", false, true),
    TOMCAT_10_1("tomcat-10.1", "io.dubleads.it.server.TomcatLauncher", false, false),
    TOMCAT_9("tomcat-9", "io.dubleads.it.server.TomcatLauncher", true, false),
    JETTY_EE10("jetty-ee10", "io.dubleads.it.server.JettyEe10Launcher", false, false),
    JETTY_EE11("jetty-ee11", "io.dubleads.it.server.JettyEe11Launcher", false, true);

    /** as in {@code -Ddub.containers} and {@code target/containers/<name>} */
    public final String id;
    final String launcher;
    /** Servlet 4.0 (javax): the {@code -javax} jar and the transformed test webapp */
    public final boolean javax;
    /** Servlet 6.1: the {@code sendRedirect(String,int)}, {@code (String,boolean)}, {@code (String,int,boolean)} overloads */
    public final boolean servlet61;

    ContainerKind(String id, String launcher, boolean javax, boolean servlet61) {
        this.id = id;
        this.launcher = launcher;
        this.javax = javax;
        this.servlet61 = servlet61;
    }

    public boolean isTomcat() {
        return id.startsWith("tomcat");
    }

    @Override
    public String toString() {
        return id;
    }

    /** @return the containers selected by {@code -Ddub.containers} (all when unset or blank) */
    public static List<ContainerKind> selected() {
        String property = System.getProperty("dub.containers", "").trim();
        if (property.isEmpty()) return Arrays.asList(values());
        List<ContainerKind> result = new ArrayList<>();
        for (String name : property.split(",")) {
            String n = name.trim().toLowerCase(Locale.ROOT);
            if (n.isEmpty()) continue;
            ContainerKind found = null;
            for (ContainerKind k : values()) if (k.id.equals(n)) found = k;
            if (found == null) throw new IllegalArgumentException("unknown container '" + n + "' in -Ddub.containers; known: "
                    + Arrays.toString(values()));
            result.add(found);
        }
        return result;
    }
}
