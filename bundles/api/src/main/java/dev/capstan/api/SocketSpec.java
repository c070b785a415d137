package dev.capstan.api;

import java.nio.file.Path;
import java.util.Objects;

/**
 * The listening socket of a pool of processes, supervisord's {@code [fcgi-program:x] socket}:
 * the engine makes it when the pool's first process starts, hands it to every process of the pool
 * as its stdin (fd 0), and closes it when the last one has ended. Processes that name the same
 * socket share it.
 *
 * @param host    the TCP host ({@code tcp://HOST:PORT}), or null for a Unix socket
 * @param port    the TCP port; 0 for a Unix socket
 * @param path    the Unix socket's absolute path ({@code unix:///PATH}), or null for TCP
 * @param backlog the queue of connections not yet accepted; 0 for the system's most (SOMAXCONN)
 * @param mode    a Unix socket file's permission bits (supervisord's default 0700)
 * @param uid     the owner to give a Unix socket file, or -1 to keep Capstan's
 * @param gid     the group to give it, or -1 to keep Capstan's
 */
public record SocketSpec(String host, int port, Path path, int backlog, int mode, int uid, int gid) {

    public SocketSpec {
        if ((host == null) == (path == null)) {
            throw new IllegalArgumentException("a socket is either tcp://HOST:PORT or unix:///PATH");
        }
    }

    public static SocketSpec tcp(String host, int port, int backlog) {
        return new SocketSpec(Objects.requireNonNull(host, "host"), port, null, backlog, 0, -1, -1);
    }

    public static SocketSpec unix(Path path, int backlog, int mode, int uid, int gid) {
        return new SocketSpec(null, 0, Objects.requireNonNull(path, "path"), backlog, mode, uid, gid);
    }

    public boolean isUnix() {
        return path != null;
    }

    /** As supervisord writes it: {@code tcp://localhost:8000} or {@code unix:///run/app.sock}. */
    @Override
    public String toString() {
        return isUnix() ? "unix://" + path : "tcp://" + host + ":" + port;
    }
}
