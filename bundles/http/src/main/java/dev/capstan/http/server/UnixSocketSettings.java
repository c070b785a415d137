package dev.capstan.http.server;

import dev.capstan.ctl.protocol.ControlProtocol;
import java.nio.file.Path;
import java.util.Map;

/**
 * Where the control socket is and who may open it: {@code [unix_http_server]} (PID
 * {@code dev.capstan.control}) keys {@code file}, {@code chmod}, {@code chown}, {@code username}
 * and {@code password}, with {@code --socket} (framework property {@code capstan.socket}) before
 * {@code file}. The config bundle has checked and normalized the values.
 *
 * @param path        the socket
 * @param mode        its permission bits (default 0600)
 * @param owner       the user to chown it to, or null
 * @param group       the group to chown it to, or null
 * @param credentials asked of operators, or null
 */
record UnixSocketSettings(Path path, int mode, String owner, String group, Credentials credentials) {
    static final int DEFAULT_MODE = 0600;

    static UnixSocketSettings of(Map<String, ?> config, String socketProperty) {
        Object file = config.get("file");
        Path path = socketProperty != null && !socketProperty.isBlank() ? Path.of(socketProperty)
                : file != null && !file.toString().isBlank() ? Path.of(file.toString().trim()) : ControlProtocol.defaultSocket();
        Object chmod = config.get("chmod");
        int mode = chmod == null ? DEFAULT_MODE : parseMode(chmod.toString());
        String owner = null;
        String group = null;
        Object chown = config.get("chown");
        if (chown != null && !chown.toString().isBlank()) {
            String text = chown.toString().trim();
            int colon = text.indexOf(':');
            owner = colon < 0 ? text : text.substring(0, colon);
            group = colon < 0 || colon == text.length() - 1 ? null : text.substring(colon + 1);
        }
        return new UnixSocketSettings(path.toAbsolutePath().normalize(), mode, owner, group, credentials(config));
    }

    /** {@code username} and {@code password}, or null without a username. */
    static Credentials credentials(Map<String, ?> config) {
        Object user = config.get("username");
        if (user == null || user.toString().isEmpty()) {
            return null;
        }
        Object password = config.get("password");
        return new Credentials(user.toString(), password == null ? "" : password.toString());
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
}
