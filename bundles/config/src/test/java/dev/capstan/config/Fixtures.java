package dev.capstan.config;

import dev.capstan.config.spec.Host;
import dev.capstan.config.spec.UserDatabase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** The machine the tests read configurations on: a known environment, node name and passwd. */
public final class Fixtures {

    public static final Map<String, String> ENVIRONMENT = Map.of(
            "APP_HOME", "/srv/app", "APP_PORT", "8000", "HOME", "/root");

    private Fixtures() {
    }

    public static Path resource(String name) {
        return Path.of("src/test/resources").resolve(name);
    }

    public static UserDatabase users() {
        return new UserDatabase(resource("etc/passwd"), resource("etc/group"));
    }

    public static Host host() {
        return new Host(ENVIRONMENT, "testhost", users());
    }

    /** Writes a file (parents made) and returns it. */
    public static Path write(Path dir, String name, String text) {
        try {
            Path file = dir.resolve(name);
            Files.createDirectories(file.getParent());
            Files.writeString(file, text, StandardCharsets.UTF_8);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
