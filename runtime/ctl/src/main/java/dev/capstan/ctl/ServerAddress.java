package dev.capstan.ctl;

import dev.capstan.ctl.protocol.ControlProtocol;
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
 * Finds Capstan as supervisorctl finds its server: {@code -s unix:///path} or
 * {@code -s http://host:port}, else the {@code -c} file's {@code [supervisorctl] serverurl=} or
 * {@code [unix_http_server] file=}, else the first of the default configuration files whose
 * socket exists, else the default socket. The username and password come from the file's
 * {@code [supervisorctl]} section (the command line's {@code -u}/{@code -p} win over them).
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

    static Server locate(String serverUrl, Path config, String home, Path cwd, Map<String, String> env)
            throws UsageError {
        Server fromFile = null;
        if (config != null) {
            if (!Files.isRegularFile(config)) {
                throw new UsageError("could not find config file " + config);
            }
            fromFile = fromConfig(config, env);
        }
        if (serverUrl != null) {
            Server server = fromUrl(serverUrl);
            return fromFile == null ? server : server.withCredentials(fromFile.username(), fromFile.password());
        }
        if (fromFile != null) {
            return fromFile.socket() != null || fromFile.host() != null ? fromFile
                    : Server.unix(ControlProtocol.defaultSocket()).withCredentials(fromFile.username(), fromFile.password());
        }
        // Several candidates may name a socket (the distribution's demo always exists): take the
        // first whose socket is there, so the running Capstan is found whichever file it reads.
        Server first = null;
        for (Path candidate : candidates(home, cwd)) {
            if (Files.isRegularFile(candidate)) {
                Server server = fromConfig(candidate, env);
                if (server.host() != null
                        || server.socket() != null && Files.exists(server.socket(), LinkOption.NOFOLLOW_LINKS)) {
                    return server;
                }
                first = first == null && server.socket() != null ? server : first;
            }
        }
        Path fallback = ControlProtocol.defaultSocket();
        return Files.exists(fallback) || first == null ? Server.unix(fallback) : first;
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

    /** {@code unix:///path} (or the path alone), {@code http://host[:port][/...]}. */
    static Server fromUrl(String url) throws UsageError {
        if (url.startsWith("unix://")) {
            return Server.unix(Path.of(url.substring("unix://".length())).toAbsolutePath());
        }
        if (!url.contains("://")) {
            return Server.unix(Path.of(url).toAbsolutePath());
        }
        if (url.startsWith("http://")) {
            String authority = url.substring("http://".length());
            int slash = authority.indexOf('/');
            authority = slash < 0 ? authority : authority.substring(0, slash);
            int colon = authority.lastIndexOf(':');
            String host = colon < 0 || authority.endsWith("]") ? authority : authority.substring(0, colon);
            int port = 80;
            if (colon >= 0 && !authority.endsWith("]")) {
                try {
                    port = Integer.parseInt(authority.substring(colon + 1));
                } catch (NumberFormatException e) {
                    throw new UsageError("not a port number in " + url);
                }
            }
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
            return Server.tcp(host.isEmpty() ? "localhost" : host, port);
        }
        throw new UsageError("server URLs are unix:///path or http://host:port, not " + url);
    }

    /** What a configuration file says: a server with no socket and no host if it names none. */
    static Server fromConfig(Path file, Map<String, String> env) throws UsageError {
        String here = file.toAbsolutePath().getParent().toString();
        String url = null;
        String socket = null;
        String username = null;
        String password = null;
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
                        } else if (section.equals("supervisorctl") && key.equals("username")) {
                            username = expand(stripComment(t.substring(eq + 1)).trim(), here, env, file);
                        } else if (section.equals("supervisorctl") && key.equals("password")) {
                            password = expand(stripComment(t.substring(eq + 1)).trim(), here, env, file);
                        } else if (section.equals("unix_http_server") && key.equals("file")) {
                            socket = expand(stripComment(t.substring(eq + 1)).trim(), here, env, file);
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UsageError(file + ": " + e.getMessage());
        }
        Server server = url != null ? fromUrl(url)
                : new Server(socket == null ? null : Path.of(here).resolve(socket), null, 0, null, null);
        return server.withCredentials(username, password);
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
