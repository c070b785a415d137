package dev.capstan.logs.files;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The AUTO log files in childlogdir. As supervisord does (unless {@code nocleanup}), Capstan
 * deletes those of an earlier run when it starts; the distinctive suffix keeps other files in a
 * shared directory such as /tmp out of reach.
 */
public final class AutoLogs {

    public static final String SUFFIX = "---capstan.log";

    private AutoLogs() {
    }

    /** Deletes {@code *---capstan.log} and its rotated copies; returns how many. */
    public static int cleanup(Path dir, Reports reports) {
        int deleted = 0;
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*" + SUFFIX + "{,.[0-9]*}")) {
            for (Path f : files) {
                if (Files.isRegularFile(f)) {
                    Files.delete(f);
                    deleted++;
                }
            }
        } catch (IOException e) {
            reports.warn(dir + ": cannot delete old AUTO log files (" + LogFile.reason(e) + ")");
        }
        return deleted;
    }
}
