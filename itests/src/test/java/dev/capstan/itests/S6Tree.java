package dev.capstan.itests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.stream.Stream;

/** An s6-overlay tree an end-to-end test writes: {@code ROOT/etc/s6-overlay/...} and the legacy directories beside it. */
final class S6Tree {
    final Path root;

    /** A fresh tree under target/work. */
    S6Tree(String name) throws IOException {
        root = CapstanProcess.WORK.resolve(name);
        if (Files.exists(root)) {
            try (Stream<Path> old = Files.walk(root)) {
                for (Path p : old.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        Files.createDirectories(root);
    }

    Path overlay() {
        return root.resolve("etc/s6-overlay");
    }

    Path rc(String name) {
        return overlay().resolve("s6-rc.d").resolve(name);
    }

    Path etc(String relative) {
        return root.resolve("etc").resolve(relative);
    }

    S6Tree longrun(String name, String run) {
        file(rc(name).resolve("type"), "longrun\n");
        return script(rc(name).resolve("run"), run);
    }

    S6Tree oneshot(String name, String up) {
        file(rc(name).resolve("type"), "oneshot\n");
        return file(rc(name).resolve("up"), up);
    }

    S6Tree bundle(String name, String... contents) {
        file(rc(name).resolve("type"), "bundle\n");
        for (String c : contents) {
            file(rc(name).resolve("contents.d").resolve(c), "");
        }
        return this;
    }

    S6Tree dependsOn(String name, String... on) {
        for (String d : on) {
            file(rc(name).resolve("dependencies.d").resolve(d), "");
        }
        return this;
    }

    S6Tree user(String... names) {
        file(overlay().resolve("user-bundles.d/user/type"), "bundle\n");
        for (String n : names) {
            file(overlay().resolve("user-bundles.d/user/contents.d").resolve(n), "");
        }
        return this;
    }

    S6Tree file(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    S6Tree script(Path file, String text) {
        file(file, text);
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }
}
