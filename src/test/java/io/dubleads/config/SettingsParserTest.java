package io.dubleads.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SettingsParserTest {
    private final Map<String, String> env = Map.of("DUB_API_KEY", "dub_secret_key_9876", "EMPTY", "");
    private final Map<String, String> sys = Map.of("dub.url", "http://127.0.0.1:9999");
    private final Map<String, Object> jndi = Map.of("dub/key", "dub_from_jndi_1234");
    private final SettingsParser parser = new SettingsParser(new Placeholders(env::get, sys::get, jndi::get));

    private Settings parse(String... nameValues) throws ConfigException {
        Map<String, String> params = new LinkedHashMap<>();
        for (int i = 0; i < nameValues.length; i += 2) params.put(nameValues[i], nameValues[i + 1]);
        return parser.parse(params);
    }

    private String failure(String... nameValues) {
        return assertThrows(ConfigException.class, () -> parse(nameValues)).getMessage();
    }

    @Test
    void defaultsMatchTheContract() throws ConfigException {
        Settings s = parse();
        assertNull(s.apiKey);
        assertEquals(URI.create("https://api.dub.co"), s.apiUrl);
        assertEquals("dub.lead", s.attribute);
        assertEquals("Sign Up", s.eventName);
        assertEquals(Settings.Mode.ASYNC, s.mode);
        assertEquals("dub_id", s.cookieName);
        assertNull(s.cookieDomains);
        assertEquals("/", s.cookiePath);
        assertEquals(Settings.SpoolSync.INTERVAL, s.spoolSync);
        assertEquals(100_000, s.maxPending);
        assertEquals(256L << 20, s.maxPendingBytes);
        assertEquals(4, s.concurrency);
        assertEquals(1200, s.rateLimitPermits);
        assertEquals(Duration.ofMinutes(1), s.rateLimitWindow);
        assertEquals(Duration.ofSeconds(5), s.connectTimeout);
        assertEquals(Duration.ofSeconds(10), s.requestTimeout);
        assertEquals(Duration.ofHours(72), s.retryFor);
        assertEquals(Duration.ofSeconds(5), s.shutdownTimeout);
        assertFalse(s.dryRun);
        assertTrue(s.enabled);
        assertTrue(s.jmx);
        assertFalse(s.spoolDirectoryExplicit);
    }

    @Test
    void resolvesEnvironmentSystemAndJndiPlaceholders() throws ConfigException {
        assertEquals("dub_secret_key_9876", parse("apiKey", "${env:DUB_API_KEY}").apiKey);
        assertEquals("dub_from_jndi_1234", parse("apiKey", "${jndi:dub/key}").apiKey);
        assertEquals(URI.create("http://127.0.0.1:9999"), parse("apiUrl", "${sys:dub.url}").apiUrl);
        assertEquals("fallback event", parse("eventName", "${env:NOPE:-fallback event}").eventName);
        assertEquals("Sign Up 2", parse("eventName", "Sign ${sys:nope:-Up} 2").eventName);
    }

    @Test
    void doubleDollarIsALiteralPlaceholder() throws ConfigException {
        assertEquals("a ${env:X} b", parse("eventName", "a $${env:X} b").eventName);
    }

    @Test
    void unresolvedPlaceholderWithoutDefaultNamesIt() {
        String m = failure("eventName", "${env:MISSING_EVENT}");
        assertTrue(m.contains("eventName") && m.contains("${env:MISSING_EVENT}"), m);
    }

    @Test
    void unresolvedOrBlankApiKeyMeansMissingKeyNotAnError() throws ConfigException {
        assertNull(parse("apiKey", "${env:NOT_SET}").apiKey);
        assertNull(parse("apiKey", "${env:EMPTY}").apiKey);
        assertNull(parse("apiKey", "${env:NOT_SET:-}").apiKey);
    }

    @Test
    void unknownNameSuggestsClosestAndHidesValue() {
        String m = failure("apikey", "dub_super_secret");
        assertTrue(m.contains("apikey") && m.contains("Did you mean apiKey?"), m);
        assertFalse(m.contains("dub_super_secret"), m);
        assertTrue(failure("spoolDir", "/x").contains("Did you mean spoolDirectory?"));
        assertTrue(failure("ratelimit", "1/s").contains("Did you mean rateLimit?"));
    }

    @Test
    void invalidValueShowsRawTextNotResolvedValue() {
        String m = failure("concurrency", "lots");
        assertTrue(m.contains("concurrency") && m.contains("'lots'") && m.contains("whole number"), m);
        String resolved = failure("connectTimeout", "${sys:dub.url}");
        assertTrue(resolved.contains("${sys:dub.url}") && !resolved.contains("127.0.0.1"), resolved);
    }

    @Test
    void apiKeyValueIsNeverShown() {
        String m = failure("apiKey", "dub key with spaces");
        assertFalse(m.contains("dub key with spaces"), m);
    }

    @Test
    void parsesDurationsInEveryForm() throws ConfigException {
        assertEquals(Duration.ofMillis(250), parse("connectTimeout", "250ms").connectTimeout);
        assertEquals(Duration.ofSeconds(5), parse("connectTimeout", "5s").connectTimeout);
        assertEquals(Duration.ofMinutes(2), parse("connectTimeout", "2m").connectTimeout);
        assertEquals(Duration.ofHours(72), parse("retryFor", "72h").retryFor);
        assertEquals(Duration.ofDays(7), parse("retryFor", "7d").retryFor);
        assertEquals(Duration.ofSeconds(5), parse("requestTimeout", "PT5S").requestTimeout);
        assertEquals(Duration.ofDays(3), parse("retryFor", "p3d").retryFor);
        assertEquals(Duration.ZERO, parse("shutdownTimeout", "0s").shutdownTimeout);
        assertTrue(failure("requestTimeout", "5 parsecs").contains("a duration such as"));
        assertTrue(failure("requestTimeout", "0s").contains("requestTimeout"));
    }

    @Test
    void parsesRatesSizesBooleansAndEnumsCaseInsensitively() throws ConfigException {
        Settings s = parse("rateLimit", "20/s", "maxPendingBytes", "1GB", "dryRun", "TRUE", "mode", "Deferred",
                "spoolSync", "ALWAYS");
        assertEquals(20, s.rateLimitPermits);
        assertEquals(Duration.ofSeconds(1), s.rateLimitWindow);
        assertEquals(1L << 30, s.maxPendingBytes);
        assertTrue(s.dryRun);
        assertEquals(Settings.Mode.DEFERRED, s.mode);
        assertEquals(Settings.SpoolSync.ALWAYS, s.spoolSync);
        assertEquals(600, parse("rateLimit", "600/min").rateLimitPermits);
        assertTrue(failure("rateLimit", "fast").contains("1200/min"));
        assertTrue(failure("mode", "sync").contains("async, wait or deferred"));
        assertTrue(failure("enabled", "yes").contains("true or false"));
    }

    @Test
    void apiUrlMustBeHttpsExceptLoopback() throws ConfigException {
        assertEquals(URI.create("http://localhost:8080"), parse("apiUrl", "http://localhost:8080/").apiUrl);
        assertEquals(URI.create("http://[::1]:8080"), parse("apiUrl", "http://[::1]:8080").apiUrl);
        assertTrue(failure("apiUrl", "http://api.dub.co").contains("apiUrl"));
        assertTrue(failure("apiUrl", "api.dub.co").contains("apiUrl"));
    }

    @Test
    void cookieDomainAutoNoneOrListWithoutLeadingDots() throws ConfigException {
        assertNull(parse("cookieDomain", "AUTO").cookieDomains);
        assertEquals(List.of(), parse("cookieDomain", "none").cookieDomains);
        assertEquals(List.of("shop.test", "xn--bcher-kva.example"),
                parse("cookieDomain", ".shop.test, bücher.example").cookieDomains);
        assertTrue(failure("cookieDomain", "shop test").contains("cookieDomain"));
        assertTrue(failure("cookiePath", "app").contains("cookiePath"));
    }

    @Test
    void spoolDirectoryMustBeAbsoluteOrMemory() throws ConfigException {
        Settings memory = parse("spoolDirectory", "Memory");
        assertNull(memory.spoolDirectory);
        assertTrue(memory.spoolDirectoryExplicit);
        assertEquals(Path.of("/var/spool/dub"), parse("spoolDirectory", "/var/spool/dub/").spoolDirectory);
        assertTrue(failure("spoolDirectory", "spool/dub").contains("relative"));
    }

    @Test
    void redactsApiKeyToLastFour() throws ConfigException {
        assertEquals("dub_****9876", parse("apiKey", "${env:DUB_API_KEY}").redactedApiKey());
    }
}
