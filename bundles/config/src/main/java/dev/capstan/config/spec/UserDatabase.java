package dev.capstan.config.spec;

import dev.capstan.process.Credentials;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * {@code user =} looked up in /etc/passwd and /etc/group when the configuration is read, so an
 * unknown user is a configuration error and not a spawn failure. Files are
 * read on each lookup: a reload sees users added since.
 */
public final class UserDatabase {

    private final Path passwd;
    private final Path group;

    public UserDatabase(Path passwd, Path group) {
        this.passwd = passwd;
        this.group = group;
    }

    public static UserDatabase system() {
        return new UserDatabase(Path.of("/etc/passwd"), Path.of("/etc/group"));
    }

    /**
     * {@code USER} or {@code USER:GROUP}, each a name or a number. A number with no passwd entry is
     * allowed, as in containers run with an arbitrary uid; its group is then 0 unless given, as
     * Docker does.
     *
     * @throws IllegalArgumentException "no such user in /etc/passwd" and the like
     */
    public Credentials lookup(String text) {
        String spec = text.trim();
        int colon = spec.indexOf(':');
        String userPart = colon < 0 ? spec : spec.substring(0, colon);
        String groupPart = colon < 0 ? null : spec.substring(colon + 1);
        if (userPart.isEmpty() || (groupPart != null && groupPart.isEmpty())) {
            throw new IllegalArgumentException("expected USER or USER:GROUP");
        }
        Optional<String[]> entry = find(passwd, userPart, 0, 2);
        Integer gid = groupPart == null ? null : groupId(groupPart);
        if (entry.isPresent()) {
            String[] fields = entry.get();
            int uid = Integer.parseInt(fields[2]);
            return new Credentials(userPart, uid, gid != null ? gid : Integer.parseInt(fields[3]), true);
        }
        if (isNumber(userPart)) {
            return new Credentials(userPart, Integer.parseInt(userPart), gid != null ? gid : 0, false);
        }
        throw new IllegalArgumentException("no such user in " + passwd);
    }

    private int groupId(String name) {
        if (isNumber(name)) {
            return Integer.parseInt(name);
        }
        return find(group, name, 0, 2).map(f -> Integer.parseInt(f[2]))
                .orElseThrow(() -> new IllegalArgumentException("no such group in " + group));
    }

    /** The entry whose name (field nameField) or number (field idField) is key; colon-separated files. */
    private static Optional<String[]> find(Path file, String key, int nameField, int idField) {
        for (String line : lines(file)) {
            String[] fields = line.split(":", -1);
            if (fields.length < 4 || !isNumber(fields[idField])) {
                continue;
            }
            if (fields[nameField].equals(key) || fields[idField].equals(key)) {
                return Optional.of(fields);
            }
        }
        return Optional.empty();
    }

    private static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage());
        }
    }

    private static boolean isNumber(String s) {
        return !s.isEmpty() && s.length() <= 9 && s.chars().allMatch(Character::isDigit);
    }
}
