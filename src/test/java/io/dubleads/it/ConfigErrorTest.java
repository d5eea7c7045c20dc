package io.dubleads.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** A bad init-param fails the filter's init(), and the container refuses to start the webapp. */
class ConfigErrorTest extends ContainerSuite {
    private int contexts;

    @Override
    boolean deploysStandardApp() {
        return false;
    }

    @Override
    boolean expectsFilterErrors() {
        return true;
    }

    /** Deploys at a fresh context path; asserts it FAILED; returns the log written meanwhile. */
    private String deployFails(TestWebapp webapp) {
        String path = "/bad" + (++contexts);
        long mark = child.logMark();
        String failure = child.deploy(path, webapp.writeTo(work));
        assertNotNull(failure, "the webapp started despite the bad init-param");
        // the webapp is not serving
        RawHttp.Response r = get(path + "/signup?id=x", HOST, null);
        assertTrue(r.status() == 404 || r.status() == 503, r::toString);
        // the container's own one-line reason names the problem too (Tomcat: its SEVERE log; Jetty: the exception)
        assertTrue(failure.contains("init-param"), failure);
        return child.logSince(mark) + "\n" + failure;
    }

    @Test
    void failsDeployOnUnknownInitParamSuggestingNameWithoutValue() {
        String secret = "dub_live_Zq81SecretValue9x";
        String log = deployFails(TestWebapp.forContainer(container).param("apikey", secret).param("spoolDirectory", "memory"));
        assertTrue(log.matches("(?s).*(?i:did you mean) apiKey.*"), log);
        assertTrue(log.contains("apikey"), log);
        assertFalse(log.contains(secret), "the value of an unknown init-param was logged:\n" + log);
        assertFalse(log.contains("Zq81Secret"), log);
    }

    @Test
    void failsDeployOnInvalidRateLimitShowingRawText() {
        String log = deployFails(TestWebapp.standard(container, dub).param("rateLimit", "lots/min"));
        assertTrue(log.contains("rateLimit"), log);
        assertTrue(log.contains("lots/min"), log);
    }

    @Test
    void failsDeployOnUnresolvedPlaceholderNamingIt() {
        String log = deployFails(TestWebapp.standard(container, dub).param("eventName", "${env:DUB_IT_NOPE_7Q}"));
        assertTrue(log.contains("eventName"), log);
        assertTrue(log.contains("DUB_IT_NOPE_7Q"), log);
    }

    @Test
    void failsDeployOnInvalidResolvedValueShowingOnlyRawText() {
        String path = System.getenv("PATH"); // the child JVM inherits this JVM's environment
        String log = deployFails(TestWebapp.standard(container, dub).param("rateLimit", "${env:PATH}"));
        assertTrue(log.contains("rateLimit"), log);
        assertTrue(log.contains("${env:PATH}"), log);
        assertFalse(log.contains(path), "the resolved value was shown:\n" + log);
    }

    @Test
    void neverLogsApiKeyAtStartup() {
        long mark = child.logMark();
        String path = "/good" + (++contexts);
        child.deployOrFail(path, TestWebapp.standard(container, dub).writeTo(work));
        try {
            RawHttp.Response r = get(path + "/welcome", HOST, null);
            assertEquals(200, r.status(), r::toString);
            String log = child.logSince(mark);
            assertFalse(log.contains(io.dubleads.standin.DubStandIn.API_KEY), log);
            assertTrue(log.contains("dub_****"), "the startup line shows the redacted key:\n" + log);
        } finally {
            child.undeploy(path);
        }
    }
}
