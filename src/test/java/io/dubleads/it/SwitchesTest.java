package io.dubleads.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The two switches ops have: {@code dryRun=true} validates and logs each lead (redacted) and never
 * spools, sends or touches cookies; {@code enabled=false} is a pure pass-through.
 */
class SwitchesTest extends ContainerSuite {

    @Override
    boolean deploysStandardApp() {
        return false;
    }

    @Test
    void dryRunLogsTheLeadRedactedAndNeitherSpoolsNorSendsNorExpires() throws Exception {
        Path spool = work.resolve("dry-spool-" + System.nanoTime());
        child.deployOrFail("/dry", TestWebapp.standard(container, dub).param("dryRun", "true")
                .param("spoolDirectory", spool.toString()).writeTo(work));
        try {
            String customer = newCustomer();
            String click = dub.newClick();
            long mark = child.logMark();
            RawHttp.Response r = get("/dry/signup?type=lead&id=" + customer + "&name=Ada%20Lovelace&email=ada%40example.com",
                    HOST, "dub_id=" + click);
            assertEquals(200, r.status(), r::toString);
            assertNoSetCookie(r, "dub_id");
            String line = poll(() -> child.logSince(mark).lines().filter(l -> l.contains("dryRun: would send lead"))
                    .findFirst().orElse(null), LEAD_TIMEOUT, () -> "no dryRun line in:\n" + child.logSince(mark));
            assertTrue(line.contains("clickId=" + click.substring(0, 4) + "..."), line);
            String logged = child.logSince(mark);
            assertFalse(logged.contains(click), "the full click ID is not logged");
            assertFalse(logged.contains("ada@example.com") || logged.contains("Ada Lovelace"), "no personal data in the log");
            assertFalse(Files.exists(spool), "dryRun never opens a spool");
            assertEquals(0, dub.received().size());
        } finally {
            child.undeploy("/dry");
        }
    }

    @Test
    void disabledFilterPassesEverythingThroughUntouched() {
        child.deployOrFail("/off", TestWebapp.standard(container, dub).param("enabled", "false").writeTo(work));
        try {
            RawHttp.Response r = get("/off/commit/redirect?id=" + newCustomer(), HOST, "dub_id=" + dub.newClick());
            assertEquals(302, r.status(), r::toString);
            assertNoSetCookie(r, "dub_id");
            assertEquals(0, dub.received().size());
        } finally {
            child.undeploy("/off");
        }
    }
}
