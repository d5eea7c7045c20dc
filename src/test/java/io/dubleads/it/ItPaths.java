package io.dubleads.it;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the build put what the container suite needs (system properties set by the pom's failsafe execution). */
final class ItPaths {
    private ItPaths() {}

    static Path filterJar(boolean javax) {
        return existing(javax ? "dub.javaxJar" : "dub.filterJar", javax ? "target/dub-lead-filter-0.1.0-SNAPSHOT-javax.jar"
                : "target/dub-lead-filter-0.1.0-SNAPSHOT.jar");
    }

    static Path appClasses(boolean javax) {
        return existing(javax ? "dub.appClassesJavax" : "dub.appClasses", javax ? "target/it-app-javax" : "target/test-classes");
    }

    static Path containersDir() {
        return existing("dub.containersDir", "target/containers");
    }

    static Path launchersDir() {
        return existing("dub.launchersDir", "target/launchers");
    }

    static Path workDir() {
        return Path.of(System.getProperty("dub.workDir", "target/it-work")).toAbsolutePath();
    }

    private static Path existing(String property, String fallback) {
        Path p = Path.of(System.getProperty(property, fallback)).toAbsolutePath();
        if (!Files.exists(p)) throw new IllegalStateException(p + " (" + property + ") does not exist: run mvn verify");
        return p;
    }
}
