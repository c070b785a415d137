package dev.capstan.process;

import java.net.SocketAddress;

/**
 * A listening stream socket the kernel made and holds ({@link ProcessKernel#listen}), given to
 * every process of a pool as its stdin, as supervisord's {@code [fcgi-program:x]} does: each
 * process accepts connections on fd 0 and the system spreads them among those that wait.
 *
 * <p>Thread-safe. {@link #close()} closes the kernel's descriptor: children that hold the socket
 * keep accepting on it, new connections are refused once the last of them is gone, and later
 * spawns given it fail with a {@link SpawnException}. A Unix socket's file stays where it is, as
 * supervisord leaves it; the next {@code listen} on the path replaces it.
 *
 * <p>When to listen and close is the owner's choice. supervisord makes the socket once when it
 * reads the configuration, to fail early, and closes it again; then it makes it when the pool's
 * first process starts and closes it when the last one is reaped (its SocketManager counts the
 * processes), so while no process runs, connections are refused.
 */
public interface ListeningSocket extends AutoCloseable {

    /** The socket as a child's stdin. */
    Stdio.Held stdin();

    /**
     * Where it listens: an {@link java.net.InetSocketAddress} with the port the system gave (when
     * port 0 was asked for), or a {@link java.net.UnixDomainSocketAddress}.
     */
    SocketAddress address();

    /** Releases the kernel's descriptor; closing twice does nothing. */
    @Override
    void close();
}
