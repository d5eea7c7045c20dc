package io.dubleads.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Undeploying the webapp stops every thread the filter started; a redeploy works again. */
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

    @Test
    void leavesNoFilterThreadAfterUndeployAndRedeploy() {
        deploySignUpUndeploy();
        deploySignUpUndeploy();
    }
}
