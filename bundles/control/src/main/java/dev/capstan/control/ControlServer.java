package dev.capstan.control;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.felix.service.command.CommandProcessor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The control socket server: one accept thread, a pool of at most {@link Protocol#MAX_CLIENTS}
 * connection threads and as many command threads (idle ones end after 30 s), and a timer that
 * drops clients which connect and say nothing. Independent of OSGi, so tests run it as is.
 */
final class ControlServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ControlServer.class);

    private final ServerSocketChannel server;
    private final Path path;
    private final PeerPolicy policy;
    private final CommandProcessor processor;
    private final long requestTimeoutMs;
    private final ThreadPoolExecutor connections = pool("capstan-control-");
    private final ThreadPoolExecutor commands = pool("capstan-command-");
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(daemon("capstan-control-timer"));
    private final Set<ControlConnection> open = ConcurrentHashMap.newKeySet();
    private final Thread acceptor;

    private ControlServer(ServerSocketChannel server, Path path, PeerPolicy policy, CommandProcessor processor,
            long requestTimeoutMs) {
        this.server = server;
        this.path = path;
        this.policy = policy;
        this.processor = processor;
        this.requestTimeoutMs = requestTimeoutMs;
        this.acceptor = new Thread(this::accept, "capstan-control-accept");
        acceptor.setDaemon(true);
    }

    /** Binds the socket as {@code settings} say and starts serving. */
    static ControlServer start(SocketSettings settings, CommandProcessor processor) throws IOException {
        SocketFile socket = SocketFile.bind(settings);
        PeerPolicy policy = PeerPolicy.of(settings.path().getFileSystem().getUserPrincipalLookupService(),
                socket.self(), socket.owner());
        return start(socket.channel(), settings.path(), policy, processor, Protocol.REQUEST_TIMEOUT_MS);
    }

    /** Serves a bound socket; tests use their own policy and a short timeout. */
    static ControlServer start(ServerSocketChannel bound, Path path, PeerPolicy policy, CommandProcessor processor,
            long requestTimeoutMs) {
        ControlServer s = new ControlServer(bound, path, policy, processor, requestTimeoutMs);
        s.acceptor.start();
        return s;
    }

    private void accept() {
        while (true) {
            SocketChannel client;
            try {
                client = server.accept();
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                // Out of file descriptors, most likely: wait rather than spin.
                LOG.warn("control socket {}: accept failed: {}", path, e.toString());
                try {
                    Thread.sleep(100);
                } catch (InterruptedException stop) {
                    return;
                }
                continue;
            }
            ControlConnection connection = new ControlConnection(client, this);
            open.add(connection);
            try {
                connections.execute(connection);
            } catch (RejectedExecutionException e) {
                open.remove(connection);
                refuseBusy(client);
            }
        }
    }

    private static void refuseBusy(SocketChannel client) {
        try (client) {
            ControlConnection.busy(new ResponseWriter(client, () -> { }));
        } catch (IOException e) {
            LOG.debug("control socket: busy client gone: {}", e.toString());
        }
    }

    PeerPolicy policy() {
        return policy;
    }

    CommandProcessor processor() {
        return processor;
    }

    ExecutorService commands() {
        return commands;
    }

    ScheduledExecutorService timer() {
        return timer;
    }

    long requestTimeoutMs() {
        return requestTimeoutMs;
    }

    void ended(ControlConnection connection) {
        open.remove(connection);
    }

    /** Connection and command threads at work; 0 when every client is done. */
    int busyThreads() {
        return connections.getActiveCount() + commands.getActiveCount();
    }

    /** Stops accepting, drops every client (interrupting their commands) and removes the socket. */
    @Override
    public void close() {
        try {
            server.close();
            acceptor.join(5000);
        } catch (IOException e) {
            LOG.debug("control socket {}: close: {}", path, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        open.forEach(ControlConnection::close);
        connections.shutdownNow();
        commands.shutdownNow();
        timer.shutdownNow();
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            LOG.warn("control socket {}: not removed: {}", path, e.toString());
        }
    }

    private static ThreadPoolExecutor pool(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return new ThreadPoolExecutor(0, Protocol.MAX_CLIENTS, 30, TimeUnit.SECONDS, new SynchronousQueue<>(),
                r -> daemon(prefix + n.incrementAndGet()).newThread(r));
    }

    private static ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }
}
