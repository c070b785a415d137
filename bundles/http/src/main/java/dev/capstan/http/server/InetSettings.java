package dev.capstan.http.server;

import java.net.InetSocketAddress;
import java.util.Map;

/**
 * {@code [inet_http_server]} (PID {@code dev.capstan.inet}): {@code port} as supervisord takes it,
 * {@code host:port}, or {@code *:port}, {@code :port} or {@code port} for every interface (an IPv6
 * host in brackets), and {@code username}/{@code password}.
 *
 * @param host        the host to bind, or "" for every interface
 * @param port        the TCP port (0: any free one, for tests)
 * @param credentials asked of every client, or null
 */
record InetSettings(String host, int port, Credentials credentials) {

    static InetSettings of(Map<String, ?> config) {
        Object value = config.get("port");
        if (value == null || value.toString().isBlank()) {
            throw new IllegalArgumentException("[inet_http_server] port: missing");
        }
        String text = value.toString().trim();
        int colon = text.lastIndexOf(':');
        String host = colon < 0 ? "" : text.substring(0, colon).trim();
        String port = text.substring(colon + 1).trim();
        if (host.equals("*")) {
            host = "";
        }
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int number;
        try {
            number = Integer.parseInt(port);
        } catch (NumberFormatException e) {
            number = -1;
        }
        if (number < 0 || number > 65535) {
            throw new IllegalArgumentException("[inet_http_server] port: not a port number: " + text);
        }
        return new InetSettings(host, number, UnixSocketSettings.credentials(config));
    }

    /** The same with the port the system chose for port 0. */
    InetSettings withPort(int bound) {
        return new InetSettings(host, bound, credentials);
    }

    InetSocketAddress address() {
        return host.isEmpty() ? new InetSocketAddress(port) : new InetSocketAddress(host, port);
    }

    /** As supervisord prints it, and as SUPERVISOR_SERVER_URL has it. */
    String url() {
        String h = host.isEmpty() ? "localhost" : host.indexOf(':') >= 0 ? "[" + host + "]" : host;
        return "http://" + h + ":" + port;
    }
}
