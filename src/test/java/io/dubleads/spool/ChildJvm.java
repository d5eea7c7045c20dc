package io.dubleads.spool;

import java.io.IOException;
import java.nio.file.Paths;

/** Starts a test main in a child JVM with the test class path. */
final class ChildJvm {
    private ChildJvm() {}

    static Process start(Class<?> main, String... args) throws IOException {
        String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        String[] command = new String[4 + args.length];
        command[0] = java;
        command[1] = "-cp";
        command[2] = classPath;
        command[3] = main.getName();
        System.arraycopy(args, 0, command, 4, args.length);
        return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    }
}
