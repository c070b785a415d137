package dev.capstan.config.s6;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * An s6-overlay tree written by a test: {@code ROOT/etc/s6-overlay/s6-rc.d/...} and the legacy
 * directories beside it, as an image holds them.
 */
final class Tree {
    /** The interpreter s6-overlay's scripts name; Capstan finds Debian's execlineb when /command has none. */
    static final String EXECLINE = "#!/command/execlineb -P\n";

    final Path root;

    Tree(Path root) {
        this.root = root;
    }

    /** {@code ROOT/etc/s6-overlay}, what {@code -c} names. */
    Path overlay() {
        return root.resolve("etc/s6-overlay");
    }

    Path rc(String name) {
        return overlay().resolve("s6-rc.d").resolve(name);
    }

    Tree longrun(String name, String run) {
        file(rc(name).resolve("type"), "longrun\n");
        return script(rc(name).resolve("run"), run);
    }

    Tree oneshot(String name, String up) {
        file(rc(name).resolve("type"), "oneshot\n");
        return file(rc(name).resolve("up"), up);
    }

    Tree bundle(String name, String... contents) {
        file(rc(name).resolve("type"), "bundle\n");
        return in(rc(name).resolve("contents.d"), contents);
    }

    Tree dependsOn(String name, String... on) {
        return in(rc(name).resolve("dependencies.d"), on);
    }

    /** Adds names to the user bundle, where s6-overlay 3.2 keeps it. */
    Tree user(String... names) {
        file(overlay().resolve("user-bundles.d/user/type"), "bundle\n");
        return in(overlay().resolve("user-bundles.d/user/contents.d"), names);
    }

    /** An empty file per name in {@code dir}, as {@code contents.d} and {@code dependencies.d} hold them. */
    Tree in(Path dir, String... names) {
        for (String n : names) {
            file(dir.resolve(n), "");
        }
        return this;
    }

    Tree file(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** A file with mode 0755. */
    Tree script(Path file, String text) {
        file(file, text);
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    Path etc(String relative) {
        return root.resolve("etc").resolve(relative);
    }
}
