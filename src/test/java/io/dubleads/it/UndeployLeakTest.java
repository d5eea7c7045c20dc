package io.dubleads.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Undeploying the webapp stops every thread the filter started and leaves its class loader collectable; a redeploy works again. */
class UndeployLeakTest extends ContainerSuite {
    private static final String PATH = "/leak";
    private static final String THREAD_PREFIX = "dub-lead-filter";

    @Override
    boolean deploysStandardApp() {
        return false;
    }

    private List<String> filterThreads() {
        return child.threads().stream().filter(n -> n.startsWith(THREAD_PREFIX)).collect(Collectors.toList());
    }

    private void deploySignUpUndeploy() {
        long mark = child.logMark();
        child.deployOrFail(PATH, standardApp().param("shutdownTimeout", "2s").writeTo(work));
        String c = newCustomer();
        RawHttp.Response r = get(PATH + "/signup?id=" + c, HOST, "dub_id=" + dub.newClick());
        assertEquals(200, r.status(), r::toString);
        awaitLeadOf(c);
        child.undeploy(PATH);
        poll(() -> filterThreads().isEmpty(), Duration.ofSeconds(15),
                () -> container + ": filter threads still alive after undeploy: " + filterThreads());
        String log = child.logSince(mark);
        // Tomcat's leak detection names threads a stopped webapp left behind
        assertFalse(log.contains("has failed to stop it"), () -> "the container reports a leaked thread:\n" + log);
    }

    /** The control: without the filter, the same webapp's class loader is collected (else the harness leaks). */
    @Test
    void releasesClassLoaderOfWebappWithoutFilter() {
        String path = "/control";
        child.deployOrFail(path, standardApp().withoutFilter().writeTo(work));
        RawHttp.Response r = get(path + "/signup?id=" + newCustomer(), HOST, "dub_id=" + dub.newClick());
        assertEquals(200, r.status(), r::toString);
        child.undeploy(path);
        assertEquals("COLLECTED", child.classLoaderCollected(path),
                () -> container + ": even without the filter, the undeployed webapp's class loader is still reachable");
    }

    @Test
    void releasesWebappClassLoaderAfterUndeploy() {
        deploySignUpUndeploy();
        // SOFTLY_RETAINED: held only through soft references, freed before an OutOfMemoryError, but
        // until then a redeployed webapp's classes stay in memory (Metaspace) beside the new ones
        assertEquals("COLLECTED", child.classLoaderCollected(PATH),
                () -> container + ": the undeployed webapp's class loader is still reachable (threads: " + child.threads() + ")");
    }

    @Test
    void leavesNoFilterThreadAfterUndeployAndRedeploy() {
        deploySignUpUndeploy();
        deploySignUpUndeploy();
    }
}
