package io.dubleads.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The filter's effective configuration, parsed and validated once in {@code init()} by
 * {@link SettingsParser}. Immutable; the request path only reads these fields.
 */
public final class Settings {
    /** How {@link #spoolSync} hands leads to the disk. */
    public enum SpoolSync { ALWAYS, INTERVAL, NEVER }

    /** Dub's lead modes. */
    public enum Mode {
        ASYNC, WAIT, DEFERRED;
        /** @return the value Dub expects in the request body */
        public String wire() { return name().toLowerCase(java.util.Locale.ROOT); }
    }

    /** {@code null} when missing or blank: delivery paused with reason {@code no-api-key}. */
    public final String apiKey;
    public final URI apiUrl;
    public final String attribute;
    public final String eventName;
    public final Mode mode;
    public final String cookieName;
    /** {@code null} for {@code auto}; empty for {@code none}; else the configured domains. */
    public final List<String> cookieDomains;
    public final String cookiePath;
    public final boolean trackWithoutClick;
    public final String customerIdProperty;
    public final String customerNameProperty;
    public final String customerEmailProperty;
    public final String customerAvatarProperty;
    /** {@code null} for {@code memory}. */
    public final Path spoolDirectory;
    /** Whether {@link #spoolDirectory} was given explicitly (an unwritable one fails init). */
    public final boolean spoolDirectoryExplicit;
    public final SpoolSync spoolSync;
    public final int maxPending;
    public final long maxPendingBytes;
    public final int concurrency;
    /** Requests allowed per {@link #rateLimitWindow}. */
    public final int rateLimitPermits;
    public final Duration rateLimitWindow;
    public final Duration connectTimeout;
    public final Duration requestTimeout;
    public final Duration retryFor;
    public final Duration shutdownTimeout;
    public final boolean dryRun;
    public final boolean enabled;
    public final boolean jmx;

    Settings(Builder b) {
        this.apiKey = b.apiKey;
        this.apiUrl = b.apiUrl;
        this.attribute = b.attribute;
        this.eventName = b.eventName;
        this.mode = b.mode;
        this.cookieName = b.cookieName;
        this.cookieDomains = b.cookieDomains == null ? null : List.copyOf(b.cookieDomains);
        this.cookiePath = b.cookiePath;
        this.trackWithoutClick = b.trackWithoutClick;
        this.customerIdProperty = b.customerIdProperty;
        this.customerNameProperty = b.customerNameProperty;
        this.customerEmailProperty = b.customerEmailProperty;
        this.customerAvatarProperty = b.customerAvatarProperty;
        this.spoolDirectory = b.spoolDirectory;
        this.spoolDirectoryExplicit = b.spoolDirectoryExplicit;
        this.spoolSync = b.spoolSync;
        this.maxPending = b.maxPending;
        this.maxPendingBytes = b.maxPendingBytes;
        this.concurrency = b.concurrency;
        this.rateLimitPermits = b.rateLimitPermits;
        this.rateLimitWindow = b.rateLimitWindow;
        this.connectTimeout = b.connectTimeout;
        this.requestTimeout = b.requestTimeout;
        this.retryFor = b.retryFor;
        this.shutdownTimeout = b.shutdownTimeout;
        this.dryRun = b.dryRun;
        this.enabled = b.enabled;
        this.jmx = b.jmx;
    }

    /** @return the API key as it may be shown: {@code dub_****} plus its last 4 characters */
    public String redactedApiKey() {
        if (apiKey == null) return "(none)";
        return "dub_****" + (apiKey.length() > 8 ? apiKey.substring(apiKey.length() - 4) : "");
    }

    /** @return a builder holding every default (for tests and for the parser) */
    public static Builder defaults() { return new Builder(); }

    /** Mutable holder used by the parser and tests; {@link #build()} freezes it. */
    public static final class Builder {
        public String apiKey;
        public URI apiUrl = URI.create("https://api.dub.co");
        public String attribute = "dub.lead";
        public String eventName = "Sign Up";
        public Mode mode = Mode.ASYNC;
        public String cookieName = "dub_id";
        public List<String> cookieDomains;
        public String cookiePath = "/";
        public boolean trackWithoutClick;
        public String customerIdProperty = "id";
        public String customerNameProperty = "name";
        public String customerEmailProperty = "email";
        public String customerAvatarProperty = "avatar";
        public Path spoolDirectory;
        public boolean spoolDirectoryExplicit;
        public SpoolSync spoolSync = SpoolSync.INTERVAL;
        public int maxPending = 100_000;
        public long maxPendingBytes = 256L * 1024 * 1024;
        public int concurrency = 4;
        public int rateLimitPermits = 1200;
        public Duration rateLimitWindow = Duration.ofMinutes(1);
        public Duration connectTimeout = Duration.ofSeconds(5);
        public Duration requestTimeout = Duration.ofSeconds(10);
        public Duration retryFor = Duration.ofHours(72);
        public Duration shutdownTimeout = Duration.ofSeconds(5);
        public boolean dryRun;
        public boolean enabled = true;
        public boolean jmx = true;

        public Settings build() { return new Settings(this); }
    }
}
