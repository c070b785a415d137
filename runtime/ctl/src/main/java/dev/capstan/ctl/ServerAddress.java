package dev.capstan.ctl;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Finds the control socket as supervisorctl finds its server: {@code -s unix:///path}, else the
 * {@code -c} file's {@code [supervisorctl] serverurl=unix://...} or {@code [unix_http_server]
 * file=}, else the first of the default configuration files whose socket exists, else the
 * default socket.
 */
final class ServerAddress {

    /** A command line or configuration file that cannot be used: exit 2, as supervisorctl. */
    static final class UsageError extends Exception {
        private static final long serialVersionUID = 1L;

        UsageError(String message) {
            super(message);
        }
    }

    private ServerAddress() {
    }

    static Path locate(String serverUrl, Path config, String home, Path cwd, Map<String, String> env)
            throws UsageError {
        if (serverUrl != null) {
            return fromUrl(serverUrl);
        }
        if (config != null) {
            if (!Files.isRegularFile(config)) {
                throw new UsageError("could not find config file " + config);
            }
            Path socket = fromConfig(config, env);
            return socket != null ? socket : defaultPath();
        }
        // Several candidates may name a socket (the distribution's demo always exists): take the
        // first whose socket is there, so the running Capstan is found whichever file it reads.
        Path first = null;
        for (Path candidate : candidates(home, cwd)) {
            if (Files.isRegularFile(candidate)) {
                Path socket = fromConfig(candidate, env);
                if (socket != null && Files.exists(socket, LinkOption.NOFOLLOW_LINKS)) {
                    return socket;
                }
                first = first == null ? socket : first;
            }
        }
        Path fallback = defaultPath();
        return Files.exists(fallback) || first == null ? fallback : first;
    }

    /** /etc/capstan/capstan.conf, the distribution's etc/capstan.conf, then supervisord's list. */
    static List<Path> candidates(String home, Path cwd) {
        List<Path> paths = new ArrayList<>();
        paths.add(Path.of("/etc/capstan/capstan.conf"));
        if (home != null) {
            paths.add(Path.of(home, "etc", "capstan.conf"));
            paths.add(Path.of(home, "etc", "supervisord.conf"));
            paths.add(Path.of(home, "supervisord.conf"));
        }
        paths.add(cwd.resolve("supervisord.conf"));
        paths.add(cwd.resolve("etc/supervisord.conf"));
        paths.add(Path.of("/etc/supervisord.conf"));
        paths.add(Path.of("/etc/supervisor/supervisord.conf"));
        return paths;
    }

    static Path fromUrl(String url) throws UsageError {
        if (url.startsWith("unix://")) {
            return Path.of(url.substring("unix://".length()));
        }
        if (url.startsWith("/")) {
            return Path.of(url);
        }
        throw new UsageError("only unix:// server URLs are supported: " + url);
    }

    /** The socket a configuration file names, or null if it names none. */
    static Path fromConfig(Path file, Map<String, String> env) throws UsageError {
        String here = file.toAbsolutePath().getParent().toString();
        String url = null;
        String socket = null;
        String section = "";
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                String t = line.trim();
                if (t.startsWith("[") && t.endsWith("]")) {
                    section = t.substring(1, t.length() - 1).trim();
                } else if (!t.isEmpty() && t.charAt(0) != ';' && t.charAt(0) != '#' && line.charAt(0) != ' '
                        && line.charAt(0) != '\t') {
                    int eq = separator(t);
                    if (eq > 0) {
                        String key = t.substring(0, eq).trim();
                        // Only these two values are expanded: a program's %(program_name)s means
                        // nothing here, and the client must not fail on what it does not read.
                        if (section.equals("supervisorctl") && key.equals("serverurl")) {
                            url = expand(stripComment(t.substring(eq + 1)).trim(), here, env, file);
                        } else if (section.equals("unix_http_server") && key.equals("file")) {
                            socket = expand(stripComment(t.substring(eq + 1)).trim(), here, env, file);
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UsageError(file + ": " + e.getMessage());
        }
        if (url != null && url.startsWith("unix://")) {
            return Path.of(url.substring("unix://".length()));
        }
        return socket == null ? null : Path.of(here).resolve(socket);
    }

    /** {@code /run/capstan/capstan.sock} as root, else {@code /tmp/capstan-UID/capstan.sock}, as the server. */
    static Path defaultPath() {
        int uid;
        try {
            uid = (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        } catch (IOException | UnsupportedOperationException e) {
            uid = 0;
        }
        return uid == 0 ? Path.of("/run/capstan/capstan.sock") : Path.of("/tmp/capstan-" + uid, "capstan.sock");
    }

    private static int separator(String t) {
        int eq = t.indexOf('=');
        int colon = t.indexOf(':');
        return eq < 0 ? colon : colon < 0 ? eq : Math.min(eq, colon);
    }

    /** ConfigParser's inline comments: a ';' after whitespace. */
    private static String stripComment(String value) {
        for (int i = 1; i < value.length(); i++) {
            if (value.charAt(i) == ';' && Character.isWhitespace(value.charAt(i - 1))) {
                return value.substring(0, i);
            }
        }
        return value;
    }

    /** supervisord's {@code %(here)s}, {@code %(ENV_X)s} and {@code %%}. */
    private static String expand(String value, String here, Map<String, String> env, Path file) throws UsageError {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c != '%') {
                b.append(c);
            } else if (value.startsWith("%%", i)) {
                b.append('%');
                i++;
            } else if (value.startsWith("%(", i) && value.indexOf(")s", i) > 0) {
                int end = value.indexOf(")s", i);
                String name = value.substring(i + 2, end);
                String v = name.equals("here") ? here : name.startsWith("ENV_") ? env.get(name.substring(4)) : null;
                if (v == null) {
                    throw new UsageError(file + ": cannot expand %(" + name + ")s");
                }
                b.append(v);
                i = end + 1;
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }
}
