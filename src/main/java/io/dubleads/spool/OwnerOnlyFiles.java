package io.dubleads.spool;

import io.dubleads.metrics.Log;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Creates the spool's directories (0700) and files (0600) readable by the server's user only, and
 * fsyncs directories. On file systems without POSIX permissions the modes are left to the system.
 */
final class OwnerOnlyFiles {
    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    private static final Set<PosixFilePermission> DIRECTORY_MODE = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> FILE_MODE = PosixFilePermissions.fromString("rw-------");

    private OwnerOnlyFiles() {}

    /** Creates the directory and missing parents as 0700, and narrows an existing directory to 0700. */
    static void createDirectories(Path directory, Log log) throws IOException {
        if (!POSIX) {
            Files.createDirectories(directory);
            return;
        }
        Files.createDirectories(directory, PosixFilePermissions.asFileAttribute(DIRECTORY_MODE));
        if (!Files.getPosixFilePermissions(directory).equals(DIRECTORY_MODE)) {
            try {
                Files.setPosixFilePermissions(directory, DIRECTORY_MODE);
            } catch (IOException e) {
                log.warn("could not make spool directory " + directory + " owner-only (0700): " + e.getMessage());
            }
        }
    }

    /** Creates the file as 0600 unless it exists. */
    static void createFileIfMissing(Path file) throws IOException {
        try {
            Files.createFile(file, fileAttributes());
        } catch (FileAlreadyExistsException e) {
            // kept as it is: it was created owner-only by an earlier run
        }
    }

    /** Creates a new file as 0600; fails if it exists. */
    static void createFile(Path file) throws IOException {
        Files.createFile(file, fileAttributes());
    }

    /** Makes the creation and deletion of the directory's entries durable. */
    static void syncDirectory(Path directory) throws IOException {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            if (POSIX) throw e; // elsewhere (Windows) a directory cannot be opened, and need not be synced
        }
    }

    private static FileAttribute<?>[] fileAttributes() {
        return POSIX ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(FILE_MODE)} : new FileAttribute<?>[0];
    }
}
