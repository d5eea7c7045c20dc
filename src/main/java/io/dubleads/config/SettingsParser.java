package io.dubleads.config;

import java.net.IDN;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Turns the filter's init-params into {@link Settings}, once, in {@code init()}. Every problem is a
 * {@link ConfigException} whose message names the parameter and says what to type instead: an
 * unknown name never shows its value (it may be a secret) and suggests the closest valid name; an
 * invalid value shows the raw web.xml text, never a resolved placeholder, never the API key.
 */
public final class SettingsParser {
    public static final String API_KEY = "apiKey";
    public static final String API_URL = "apiUrl";
    public static final String ATTRIBUTE = "attribute";
    public static final String EVENT_NAME = "eventName";
    public static final String MODE = "mode";
    public static final String COOKIE_NAME = "cookieName";
    public static final String COOKIE_DOMAIN = "cookieDomain";
    public static final String COOKIE_PATH = "cookiePath";
    public static final String TRACK_WITHOUT_CLICK = "trackWithoutClick";
    public static final String CUSTOMER_ID_PROPERTY = "customerIdProperty";
    public static final String CUSTOMER_NAME_PROPERTY = "customerNameProperty";
    public static final String CUSTOMER_EMAIL_PROPERTY = "customerEmailProperty";
    public static final String CUSTOMER_AVATAR_PROPERTY = "customerAvatarProperty";
    public static final String SPOOL_DIRECTORY = "spoolDirectory";
    public static final String SPOOL_SYNC = "spoolSync";
    public static final String MAX_PENDING = "maxPending";
    public static final String MAX_PENDING_BYTES = "maxPendingBytes";
    public static final String CONCURRENCY = "concurrency";
    public static final String RATE_LIMIT = "rateLimit";
    public static final String CONNECT_TIMEOUT = "connectTimeout";
    public static final String REQUEST_TIMEOUT = "requestTimeout";
    public static final String RETRY_FOR = "retryFor";
    public static final String SHUTDOWN_TIMEOUT = "shutdownTimeout";
    public static final String DRY_RUN = "dryRun";
    public static final String ENABLED = "enabled";
    public static final String JMX = "jmx";

    /** Every init-param the filter knows, in the order the manual lists them. */
    public static final List<String> NAMES = List.of(API_KEY, API_URL, ATTRIBUTE, EVENT_NAME, MODE, COOKIE_NAME,
            COOKIE_DOMAIN, COOKIE_PATH, TRACK_WITHOUT_CLICK, CUSTOMER_ID_PROPERTY, CUSTOMER_NAME_PROPERTY,
            CUSTOMER_EMAIL_PROPERTY, CUSTOMER_AVATAR_PROPERTY, SPOOL_DIRECTORY, SPOOL_SYNC, MAX_PENDING,
            MAX_PENDING_BYTES, CONCURRENCY, RATE_LIMIT, CONNECT_TIMEOUT, REQUEST_TIMEOUT, RETRY_FOR,
            SHUTDOWN_TIMEOUT, DRY_RUN, ENABLED, JMX);

    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9!#$%&'*+.^_`|~-]+");
    private static final Pattern JAVA_NAME = Pattern.compile("[A-Za-z_$][A-Za-z0-9_$]*");
    private static final Pattern DOMAIN = Pattern.compile("([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)*[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");

    private final Placeholders placeholders;

    public SettingsParser(Placeholders placeholders) {
        this.placeholders = placeholders;
    }

    /** @param params the init-params as written in web.xml (name → raw text) */
    public Settings parse(Map<String, String> params) throws ConfigException {
        for (String name : params.keySet()) {
            if (!NAMES.contains(name)) throw unknown(name);
        }
        Map<String, String> resolved = new LinkedHashMap<>();
        Settings.Builder b = Settings.defaults();
        for (Map.Entry<String, String> e : params.entrySet()) {
            String name = e.getKey();
            String raw = e.getValue() == null ? "" : e.getValue();
            String value;
            try {
                value = placeholders.resolve(raw).trim();
            } catch (Placeholders.UnresolvedException u) {
                if (name.equals(API_KEY)) continue; // a missing key: delivery pauses, leads are kept
                throw new ConfigException("init-param '" + name + "': placeholder " + u.placeholder
                        + " does not resolve and has no default (write it as " + withDefault(u.placeholder) + ")");
            } catch (ConfigException c) {
                throw new ConfigException("init-param '" + name + "' has " + c.getMessage());
            }
            resolved.put(name, value);
            apply(b, name, raw, value);
        }
        if (b.rateLimitPermits < 1) throw invalid(RATE_LIMIT, params.get(RATE_LIMIT), "a rate such as 1200/min or 20/s");
        return b.build();
    }

    private void apply(Settings.Builder b, String name, String raw, String v) throws ConfigException {
        switch (name) {
            case API_KEY:
                b.apiKey = v.isEmpty() ? null : v;
                if (b.apiKey != null && !b.apiKey.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
                    throw new ConfigException("init-param 'apiKey' holds characters an API key cannot have"
                            + " (spaces or control characters); the value is not shown");
                }
                break;
            case API_URL: b.apiUrl = apiUrl(raw, v); break;
            case ATTRIBUTE: b.attribute = nonEmpty(name, raw, v); break;
            case EVENT_NAME:
                if (v.isEmpty() || v.length() > 255) throw invalid(name, raw, "an event name of 1 to 255 characters");
                b.eventName = v;
                break;
            case MODE: b.mode = mode(raw, v); break;
            case COOKIE_NAME:
                if (!TOKEN.matcher(v).matches()) throw invalid(name, raw, "a cookie name such as dub_id");
                b.cookieName = v;
                break;
            case COOKIE_DOMAIN: b.cookieDomains = cookieDomains(raw, v); break;
            case COOKIE_PATH:
                if (!v.startsWith("/") || v.chars().anyMatch(c -> c <= 0x20 || c == ';' || c >= 0x7f)) {
                    throw invalid(name, raw, "a path starting with /, without spaces or ';'");
                }
                b.cookiePath = v;
                break;
            case TRACK_WITHOUT_CLICK: b.trackWithoutClick = bool(name, raw, v); break;
            case CUSTOMER_ID_PROPERTY: b.customerIdProperty = property(name, raw, v); break;
            case CUSTOMER_NAME_PROPERTY: b.customerNameProperty = property(name, raw, v); break;
            case CUSTOMER_EMAIL_PROPERTY: b.customerEmailProperty = property(name, raw, v); break;
            case CUSTOMER_AVATAR_PROPERTY: b.customerAvatarProperty = property(name, raw, v); break;
            case SPOOL_DIRECTORY:
                if (v.equalsIgnoreCase("memory")) {
                    b.spoolDirectory = null;
                } else {
                    Path p;
                    try {
                        p = Path.of(v);
                    } catch (RuntimeException e) {
                        throw invalid(name, raw, "an absolute directory path, or memory");
                    }
                    if (!p.isAbsolute()) throw invalid(name, raw, "an absolute directory path (a relative one depends on the"
                            + " container's working directory), or memory");
                    b.spoolDirectory = p.normalize();
                }
                b.spoolDirectoryExplicit = true;
                break;
            case SPOOL_SYNC: b.spoolSync = enumValue(Settings.SpoolSync.class, name, raw, v, "always, interval or never"); break;
            case MAX_PENDING: b.maxPending = integer(name, raw, v, 1, Integer.MAX_VALUE); break;
            case MAX_PENDING_BYTES: {
                Long n = Values.size(v);
                if (n == null || n < 1024) throw invalid(name, raw, "a size of at least 1KB, such as 256MB or 1GB");
                b.maxPendingBytes = n;
                break;
            }
            case CONCURRENCY: b.concurrency = integer(name, raw, v, 1, 64); break;
            case RATE_LIMIT: {
                long[] r = Values.rate(v);
                if (r == null || r[0] < 1 || r[0] > 1_000_000) throw invalid(name, raw, "a rate such as 1200/min or 20/s");
                b.rateLimitPermits = (int) r[0];
                b.rateLimitWindow = Duration.ofSeconds(r[1]);
                break;
            }
            case CONNECT_TIMEOUT: b.connectTimeout = duration(name, raw, v, Duration.ofMillis(1)); break;
            case REQUEST_TIMEOUT: b.requestTimeout = duration(name, raw, v, Duration.ofMillis(1)); break;
            case RETRY_FOR: b.retryFor = duration(name, raw, v, Duration.ofSeconds(1)); break;
            case SHUTDOWN_TIMEOUT: b.shutdownTimeout = duration(name, raw, v, Duration.ZERO); break;
            case DRY_RUN: b.dryRun = bool(name, raw, v); break;
            case ENABLED: b.enabled = bool(name, raw, v); break;
            case JMX: b.jmx = bool(name, raw, v); break;
            default: throw unknown(name);
        }
    }

    private static URI apiUrl(String raw, String v) throws ConfigException {
        String expected = "an absolute https:// URL such as https://api.dub.co (http:// only for 127.0.0.1, ::1 or localhost)";
        URI uri;
        try {
            uri = new URI(v.endsWith("/") ? v.substring(0, v.length() - 1) : v);
        } catch (URISyntaxException e) {
            throw invalid(API_URL, raw, expected);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (uri.getHost() == null || uri.getQuery() != null || uri.getFragment() != null) throw invalid(API_URL, raw, expected);
        if (scheme.equals("https")) return uri;
        if (scheme.equals("http") && isLoopback(uri.getHost())) return uri;
        throw invalid(API_URL, raw, expected);
    }

    private static boolean isLoopback(String host) {
        String h = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        if (h.equalsIgnoreCase("localhost")) return true;
        if (!h.matches("[0-9.]+") && !h.contains(":")) return false; // never resolve names here
        try {
            return InetAddress.getByName(h).isLoopbackAddress();
        } catch (Exception e) {
            return false;
        }
    }

    private static Settings.Mode mode(String raw, String v) throws ConfigException {
        return enumValue(Settings.Mode.class, MODE, raw, v, "async, wait or deferred");
    }

    private static List<String> cookieDomains(String raw, String v) throws ConfigException {
        String lower = v.toLowerCase(Locale.ROOT);
        if (lower.equals("auto")) return null;
        if (lower.equals("none")) return List.of();
        List<String> domains = new ArrayList<>();
        for (String part : v.split(",")) {
            String d = part.trim();
            while (d.startsWith(".")) d = d.substring(1); // browsers ignore a leading dot; Tomcat rejects it
            String ascii;
            try {
                ascii = IDN.toASCII(d, IDN.ALLOW_UNASSIGNED).toLowerCase(Locale.ROOT);
            } catch (IllegalArgumentException e) {
                throw invalid(COOKIE_DOMAIN, raw, "auto, none, or a comma-separated list of domains such as shop.example.com");
            }
            if (ascii.isEmpty() || !DOMAIN.matcher(ascii).matches()) {
                throw invalid(COOKIE_DOMAIN, raw, "auto, none, or a comma-separated list of domains such as shop.example.com");
            }
            if (!domains.contains(ascii)) domains.add(ascii);
        }
        return domains;
    }

    private static String nonEmpty(String name, String raw, String v) throws ConfigException {
        if (v.isEmpty()) throw invalid(name, raw, "a non-empty value");
        return v;
    }

    private static String property(String name, String raw, String v) throws ConfigException {
        if (!JAVA_NAME.matcher(v).matches()) throw invalid(name, raw, "a Java property name such as id or email");
        return v;
    }

    private static boolean bool(String name, String raw, String v) throws ConfigException {
        Boolean b = Values.bool(v);
        if (b == null) throw invalid(name, raw, "true or false");
        return b;
    }

    private static int integer(String name, String raw, String v, int min, int max) throws ConfigException {
        Integer n = Values.integer(v, min, max);
        if (n == null) {
            throw invalid(name, raw, max == Integer.MAX_VALUE ? "a whole number of at least " + min
                    : "a whole number from " + min + " to " + max);
        }
        return n;
    }

    private static Duration duration(String name, String raw, String v, Duration min) throws ConfigException {
        Duration d = Values.duration(v);
        if (d == null || d.compareTo(min) < 0) {
            throw invalid(name, raw, "a duration such as 250ms, 5s, 2m, 72h, 7d or PT5S"
                    + (min.isZero() ? "" : " (more than zero)"));
        }
        return d;
    }

    private static <E extends Enum<E>> E enumValue(Class<E> type, String name, String raw, String v, String expected)
            throws ConfigException {
        for (E e : type.getEnumConstants()) {
            if (e.name().equalsIgnoreCase(v)) return e;
        }
        throw invalid(name, raw, expected);
    }

    private static ConfigException invalid(String name, String raw, String expected) {
        String shown = name.equals(API_KEY) ? "(not shown)" : "'" + raw + "'";
        return new ConfigException("init-param '" + name + "' has the value " + shown + " in web.xml; expected " + expected);
    }

    private static ConfigException unknown(String name) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        String lower = name.toLowerCase(Locale.ROOT);
        for (String known : NAMES) {
            String knownLower = known.toLowerCase(Locale.ROOT);
            boolean abbreviation = lower.length() >= 4 && (knownLower.startsWith(lower) || lower.startsWith(knownLower));
            int d = abbreviation ? 1 : Values.distance(name, known);
            if (d < bestDistance) {
                bestDistance = d;
                best = known;
            }
        }
        String hint = bestDistance <= Math.max(2, name.length() / 3) ? " Did you mean " + best + "?" : "";
        return new ConfigException("unknown init-param '" + name + "' (its value is not shown)." + hint
                + " Known init-params: " + String.join(", ", NAMES) + ".");
    }

    private static String withDefault(String placeholder) {
        return placeholder.substring(0, placeholder.length() - 1) + ":-default}";
    }

    /** The default placeholder lookups: environment, system properties, JNDI under java:comp/env/. */
    public static Placeholders systemPlaceholders(Function<String, Object> jndi) {
        return new Placeholders(System::getenv, System::getProperty, jndi);
    }
}
