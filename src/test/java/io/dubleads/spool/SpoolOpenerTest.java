package io.dubleads.spool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dubleads.config.Settings;
import io.dubleads.metrics.Log;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpoolOpenerTest {
    private static final List<String> PROPERTIES = List.of("catalina.base", "jetty.base", "user.home", SpoolOpener.LOCK_WAIT_PROPERTY);

    @TempDir
    Path dir;
    private final Log log = new Log("test");
    private Map<String, String> saved;

    @BeforeEach
    void saveProperties() {
        saved = new HashMap<>();
        for (String name : PROPERTIES) saved.put(name, System.getProperty(name));
        System.setProperty(SpoolOpener.LOCK_WAIT_PROPERTY, "200");
    }

    @AfterEach
    void restoreProperties() {
        saved.forEach((name, value) -> {
            if (value == null) System.clearProperty(name);
            else System.setProperty(name, value);
        });
    }

    @Test
    void memoryGivesTheMemorySpool() throws Exception {
        Settings.Builder b = Settings.defaults();
        b.spoolDirectoryExplicit = true;
        try (Spool spool = SpoolOpener.open(b.build(), "localhost", "ROOT", "dub", log)) {
            assertInstanceOf(MemorySpool.class, spool);
            assertFalse(spool.durable());
        }
    }

    @Test
    void explicitDirectoryGivesADurableFileSpool() throws Exception {
        try (Spool spool = SpoolOpener.open(explicit(dir.resolve("spool")), "localhost", "ROOT", "dub", log)) {
            assertInstanceOf(FileSpool.class, spool);
            assertTrue(spool.durable());
            assertEquals(dir.resolve("spool"), spool.directory());
        }
    }

    @Test
    void unwritableExplicitDirectoryFailsInit() throws Exception {
        Path file = Files.createFile(dir.resolve("a-file"));
        Path unusable = file.resolve("spool"); // under a regular file: not creatable, even for root
        SpoolInitException e = assertThrows(SpoolInitException.class,
                () -> SpoolOpener.open(explicit(unusable), "localhost", "ROOT", "dub", log));
        assertTrue(e.getMessage().contains("spoolDirectory " + unusable + " cannot be used"), e.getMessage());
    }

    @Test
    void unwritableDefaultDirectoryFallsBackToMemoryWithAnError() throws Exception {
        System.setProperty("catalina.base", Files.createFile(dir.resolve("a-file")).toString());
        try (LogCapture logs = new LogCapture(); Spool spool = SpoolOpener.open(Settings.defaults().build(), "localhost", "ROOT", "dub", log)) {
            assertInstanceOf(MemorySpool.class, spool);
            assertFalse(spool.durable());
            List<String> errors = logs.messages(Level.SEVERE);
            assertEquals(1, errors.size(), errors.toString());
            assertTrue(errors.get(0).contains("default spool directory") && errors.get(0).contains("Durable=false"), errors.get(0));
        }
    }

    @Test
    void defaultDirectoryIsUnderTheServerBaseWithSafeNames() throws Exception {
        System.setProperty("catalina.base", dir.toString());
        System.setProperty("jetty.base", "/ignored");
        try (Spool spool = SpoolOpener.open(Settings.defaults().build(), "www.shop.test", "/shop/v2", "Dub Lead", log)) {
            assertInstanceOf(FileSpool.class, spool);
            assertEquals(dir.resolve("dub-leads/www.shop.test/shop_v2/Dub_Lead"), spool.directory());
        }
        assertEquals(dir.resolve("dub-leads/localhost/ROOT/dub"), SpoolOpener.defaultDirectory("localhost", "", "dub"));
        assertEquals(dir.resolve("dub-leads/__/ROOT/a_b_c"), SpoolOpener.defaultDirectory("..", "/", "a/b\\c"));
    }

    @Test
    void defaultServerBaseFallsBackToJettyBaseThenUserHome() {
        System.clearProperty("catalina.base");
        System.setProperty("jetty.base", "/srv/jetty");
        assertEquals(Paths.get("/srv/jetty/dub-leads/h/ROOT/f"), SpoolOpener.defaultDirectory("h", "ROOT", "f"));
        System.clearProperty("jetty.base");
        System.setProperty("user.home", "/home/app");
        assertEquals(Paths.get("/home/app/dub-leads/h/ctx/f"), SpoolOpener.defaultDirectory("h", "/ctx", "f"));
    }

    @Test
    void directoryHeldByAnotherInstanceFailsInitForExplicitAndDefault() throws Exception {
        try (Spool first = SpoolOpener.open(explicit(dir), "localhost", "ROOT", "dub", log)) {
            SpoolInitException e = assertThrows(SpoolInitException.class,
                    () -> SpoolOpener.open(explicit(dir), "localhost", "ROOT", "dub", log));
            assertTrue(e.getMessage().contains(dir.toString()) && e.getMessage().contains("another filter instance"), e.getMessage());
        }
        System.setProperty("catalina.base", dir.toString());
        try (Spool first = SpoolOpener.open(Settings.defaults().build(), "localhost", "ROOT", "dub", log)) {
            assertThrows(SpoolInitException.class, () -> SpoolOpener.open(Settings.defaults().build(), "localhost", "ROOT", "dub", log));
        }
    }

    private static Settings explicit(Path directory) {
        Settings.Builder b = Settings.defaults();
        b.spoolDirectory = directory;
        b.spoolDirectoryExplicit = true;
        return b.build();
    }
}
