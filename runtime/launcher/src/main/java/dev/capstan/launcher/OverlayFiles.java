package dev.capstan.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What s6-overlay keeps under /run for the scripts of its trees, kept the same way when Capstan
 * runs such a tree:
 * <ul>
 * <li>{@code /run/s6/container_environment}: the container's environment, one file per variable
 *     holding its value and a newline (s6-linux-init's dump, mode 0644 in a 0755 directory), which
 *     {@code with-contenv} and {@code printcontenv} read; not written with {@code S6_KEEP_ENV};</li>
 * <li>{@code /run/s6-linux-init-container-results/exitcode}: {@code 0} at boot; the code a
 *     service's exit asks the container to end with (the CMD's, as s6-overlay's {@code haltwith}
 *     writes it); finish scripts may write it too, and the container exits with what it holds at
 *     the end;</li>
 * <li>{@code /run/s6/basedir/bin/halt}: what scripts run to stop the container
 *     ({@code capstanctl shutdown}).</li>
 * </ul>
 */
final class OverlayFiles {
    private static final Logger LOG = LoggerFactory.getLogger(OverlayFiles.class);
    static final String EXIT_CODE = "s6-linux-init-container-results/exitcode";
    static final String ENVIRONMENT = "s6/container_environment";
    static final String HALT = "s6/basedir/bin/halt";

    private final Path run;

    /** @param run where s6-overlay's files go: {@code /run} */
    OverlayFiles(Path run) {
        this.run = run;
    }

    /**
     * Where s6-overlay's files live under {@code root}, for a Capstan started without {@code -c}:
     * {@code /etc/s6-overlay} when it holds s6-rc.d or user-bundles.d, else the first of the
     * legacy {@code /etc/services.d}, {@code /etc/cont-init.d} and {@code /etc/cont-finish.d};
     * null when there is none.
     */
    static Path find(Path root) {
        Path overlay = root.resolve("etc/s6-overlay");
        if (Files.isDirectory(overlay.resolve("s6-rc.d")) || Files.isDirectory(overlay.resolve("user-bundles.d"))) {
            return overlay;
        }
        for (String legacy : List.of("services.d", "cont-init.d", "cont-finish.d")) {
            Path dir = root.resolve("etc").resolve(legacy);
            if (Files.isDirectory(dir)) {
                return dir;
            }
        }
        return null;
    }

    /**
     * Writes the files before any service starts. A file that cannot be written (a read-only
     * /run) is logged: the services that read it will miss it, the others run.
     *
     * @param halt the command line of {@code halt}, as words
     */
    void prepare(Map<String, String> environment, List<String> halt) {
        try {
            write(run.resolve(EXIT_CODE), "0\n", "rw-r--r--");
            write(run.resolve(HALT), haltScript(halt), "rwxr-xr-x");
            if (isSet(environment.get("S6_KEEP_ENV"))) {
                LOG.info("S6_KEEP_ENV: services keep the environment; {} is not written", run.resolve(ENVIRONMENT));
            } else {
                dumpEnvironment(environment);
            }
        } catch (IOException e) {
            LOG.error("cannot write s6-overlay's files under {}: {}; scripts that read them will not find them", run,
                    e.toString());
        }
    }

    /** s6-overlay's {@code haltwith}: the code the container is asked to end with. */
    void writeExitCode(int code) {
        try {
            write(run.resolve(EXIT_CODE), code + "\n", "rw-r--r--");
        } catch (IOException e) {
            LOG.error("cannot write {}: {}", run.resolve(EXIT_CODE), e.toString());
        }
    }

    /**
     * What the container exits with: the exit code file's number, as s6-linux-init reads it at
     * the end (its first line), or {@code otherwise} when it holds none.
     */
    int exitCode(int otherwise) {
        Path file = run.resolve(EXIT_CODE);
        try {
            String text;
            try (Stream<String> lines = Files.lines(file, StandardCharsets.UTF_8)) {
                text = lines.findFirst().orElse("").strip();
            }
            return Integer.parseInt(text) & 0xff;
        } catch (NoSuchFileException e) {
            return otherwise;
        } catch (IOException | NumberFormatException | UncheckedIOException e) {
            LOG.warn("{} holds no exit code ({}); exiting with {}", file, e.getMessage(), otherwise);
            return otherwise;
        }
    }

    /** s6-linux-init's env_dump: each variable a file with its value and a newline, made whole, then renamed in. */
    private void dumpEnvironment(Map<String, String> environment) throws IOException {
        Path dir = run.resolve(ENVIRONMENT);
        Path tmp = dir.resolveSibling(dir.getFileName() + ":envdump:" + ProcessHandle.current().pid());
        deleteTree(tmp);
        Files.createDirectories(tmp);
        for (Map.Entry<String, String> e : environment.entrySet()) {
            if (!e.getKey().isEmpty() && e.getKey().indexOf('/') < 0 && !e.getKey().equals(".") && !e.getKey().equals("..")) {
                write(tmp.resolve(e.getKey()), e.getValue() + "\n", "rw-r--r--");
            }
        }
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
        deleteTree(dir);
        Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
    }

    private static String haltScript(List<String> halt) {
        List<String> quoted = new ArrayList<>();
        for (String word : halt) {
            quoted.add("'" + word.replace("'", "'\\''") + "'");
        }
        return "#!/bin/sh\n"
                + "# s6-overlay's halt, written by Capstan: stops the container, which exits with what\n"
                + "# /run/s6-linux-init-container-results/exitcode holds then.\n"
                + "exec " + String.join(" ", quoted) + " >/dev/null\n";
    }

    private static void write(Path file, String text, String mode) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text, StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
    }

    /** s6-overlay reads these variables as numbers: set means a decimal other than 0. */
    private static boolean isSet(String value) {
        try {
            return value != null && Long.parseLong(value) != 0;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
