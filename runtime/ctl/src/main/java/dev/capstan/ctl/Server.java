package dev.capstan.ctl;

import java.nio.file.Path;

/**
 * Where capstanctl finds Capstan and how it signs in: the control socket, or Capstan's TCP
 * listener ({@code [inet_http_server]}), with supervisorctl's username and password if any.
 *
 * @param socket   the Unix socket, or null for TCP
 * @param host     the TCP host, or null for the socket
 * @param port     the TCP port
 * @param username for Basic auth, or null
 * @param password for Basic auth, or null
 */
record Server(Path socket, String host, int port, String username, String password) {

    static Server unix(Path socket) {
        return new Server(socket, null, 0, null, null);
    }

    static Server tcp(String host, int port) {
        return new Server(null, host, port, null, null);
    }

    /** The same server, signing in as {@code username} (a null argument keeps what is there). */
    Server withCredentials(String user, String pass) {
        return new Server(socket, host, port, user != null ? user : username, pass != null ? pass : password);
    }

    /** As supervisorctl names it in messages: {@code unix:///run/x.sock}, {@code http://localhost:9001}. */
    String url() {
        return socket != null ? "unix://" + socket : "http://" + (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
