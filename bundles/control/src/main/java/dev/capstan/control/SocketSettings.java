package dev.capstan.control;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * Where the control socket is and who may open it: {@code [unix_http_server]} (PID
 * {@code dev.capstan.control}) keys {@code file}, {@code chmod} and {@code chown}, with
 * {@code --socket} (framework property {@code capstan.socket}) before {@code file}.
 *
 * @param path  the socket
 * @param mode  its permissions (default 0600)
 * @param owner the user to chown it to, or null
 * @param group the group to chown it to, or null
 */
record SocketSettings(Path path, Set<PosixFilePermission> mode, String owner, String group) {
    static final Path ROOT_DEFAULT = Path.of("/run/capstan/capstan.sock");
    static final int DEFAULT_MODE = 0600;

    static SocketSettings of(Map<String, ?> config, String socketProperty) throws IOException {
        Path path = socketProperty != null ? Path.of(socketProperty)
                : config.get("file") != null ? Path.of(config.get("file").toString()) : defaultPath();
        Object chmod = config.get("chmod");
        Set<PosixFilePermission> mode = permissions(chmod == null ? DEFAULT_MODE : parseMode(chmod.toString()));
        String owner = null;
        String group = null;
        Object chown = config.get("chown");
        if (chown != null && !chown.toString().isBlank()) {
            String[] parts = chown.toString().trim().split(":", 2);
            owner = parts[0];
            group = parts.length == 2 && !parts[1].isEmpty() ? parts[1] : null;
        }
        return new SocketSettings(path.toAbsolutePath(), mode, owner, group);
    }

    /**
     * {@code /run/capstan/capstan.sock} as root; {@code /tmp/capstan-UID/capstan.sock} for anyone
     * else, who cannot write /run. capstanctl computes the same.
     */
    static Path defaultPath() throws IOException {
        int uid = (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        return uid == 0 ? ROOT_DEFAULT : Path.of("/tmp/capstan-" + uid, "capstan.sock");
    }

    /** supervisord's chmod: an octal mode such as 0700 or 770. */
    static int parseMode(String text) {
        try {
            int mode = Integer.parseInt(text.trim(), 8);
            if (mode >= 0 && mode <= 0777) {
                return mode;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("chmod: not an octal mode: " + text);
    }

    static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] bits = PosixFilePermission.values(); // OWNER_READ ... OTHERS_EXECUTE
        for (int i = 0; i < 9; i++) {
            if ((mode & (0400 >> i)) != 0) {
                set.add(bits[i]);
            }
        }
        return set;
    }
}
