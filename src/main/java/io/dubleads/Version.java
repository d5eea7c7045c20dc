package io.dubleads;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The filter's version, as built into {@code io/dubleads/version.properties}. */
public final class Version {
    private static final String VERSION = load();

    private Version() {}

    /** @return e.g. {@code 0.1.0} */
    public static String version() { return VERSION; }

    /** @return the {@code User-Agent} sent to Dub: {@code dub-lead-filter/<version>} */
    public static String userAgent() { return "dub-lead-filter/" + VERSION; }

    private static String load() {
        try (InputStream in = Version.class.getResourceAsStream("version.properties")) {
            Properties p = new Properties();
            if (in != null) p.load(in);
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }
}
