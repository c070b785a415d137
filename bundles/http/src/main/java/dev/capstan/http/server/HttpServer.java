package dev.capstan.http.server;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One listener: an accept thread, one thread per connection (threads idle for 30 s end), and a
 * timer thread that exists only while some connection has a deadline. At most
 * {@link Limits#connections()} connections are served; when a new one would exceed that, the
 * connection that has waited longest for a request is dropped to make room, else the follower
 * that has streamed longest (older than {@link Limits#followerMillis()}), else the newcomer gets
 * 503. So neither idle keep-alive connections, half-sent requests nor {@code tail -f} followers
 * lock out a short command. Independent of OSGi, so tests run it as is.
 */
final class HttpServer implements Runnable, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HttpServer.class);
    /** Threads beyond the limit, for dropped connections whose threads are still finishing. */
    private static final int SPARE_THREADS = 8;

    private final String name;
    private final ServerSocketChannel channel;
    private final Access access;
    private final Routes routes;
    private final Limits limits;
    private final ThreadPoolExecutor threads;
    private final ScheduledThreadPoolExecutor timer;
    private final Set<Connection> open = new HashSet<>();
    private final Thread acceptor;

    /**
     * @param name     how the log names the listener: {@code unix:///run/capstan/capstan.sock}, {@code http://*:9001}
     * @param channel  bound
     * @param threadPrefix names the threads: PREFIX-accept, PREFIX-N, PREFIX-timer
     */
    HttpServer(String name, ServerSocketChannel channel, Access access, Routes routes, Limits limits, String threadPrefix) {
        this.name = name;
        this.channel = channel;
        this.access = access;
        this.routes = routes;
        this.limits = limits;
        this.threads = new ThreadPoolExecutor(0, limits.connections() + SPARE_THREADS, 30, TimeUnit.SECONDS,
                new SynchronousQueue<>(), new DaemonThreads(threadPrefix + "-"));
        this.timer = new ScheduledThreadPoolExecutor(1, new DaemonThreads(threadPrefix + "-timer-"));
        timer.setRemoveOnCancelPolicy(true);
        timer.setKeepAliveTime(60, TimeUnit.SECONDS);
        timer.allowCoreThreadTimeOut(true);
        this.acceptor = new Thread(this, threadPrefix + "-accept");
        acceptor.setDaemon(true);
    }

    HttpServer start() {
        acceptor.start();
        return this;
    }

    Access access() {
        return access;
    }

    Routes routes() {
        return routes;
    }

    Limits limits() {
        return limits;
    }

    ScheduledThreadPoolExecutor timer() {
        return timer;
    }

    @Override
    public void run() {
        while (true) {
            SocketChannel client;
            try {
                client = channel.accept();
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                // Out of file descriptors, most likely: wait rather than spin.
                LOG.warn("{}: accept failed: {}", name, e.toString());
                try {
                    Thread.sleep(100);
                } catch (InterruptedException stop) {
                    return;
                }
                continue;
            }
            Connection connection = new Connection(this, client);
            if (!admit(connection)) {
                refuse(client);
                continue;
            }
            try {
                threads.execute(connection);
            } catch (RejectedExecutionException e) {
                ended(connection);
                refuse(client);
            }
        }
    }

    /** Makes room for a new connection if need be; false if there is none to make. */
    private boolean admit(Connection newcomer) {
        Connection dropped;
        synchronized (open) {
            dropped = open.size() < limits.connections() ? null : victim();
            if (open.size() >= limits.connections() && dropped == null) {
                return false;
            }
            if (dropped != null) {
                open.remove(dropped);
            }
            open.add(newcomer);
        }
        if (dropped != null) {
            LOG.info("{}: {} clients; dropped the {} to make room", name, limits.connections(),
                    dropped.state() == Connection.READING ? "one waiting longest for a request" : "oldest follower");
            dropped.abort();
        }
        return true;
    }

    /** The connection waiting longest for a request, else the oldest follower, else null. */
    private Connection victim() {
        Connection reading = null;
        Connection follower = null;
        long followerSince = System.nanoTime() - TimeUnit.MILLISECONDS.toNanos(limits.followerMillis());
        for (Connection c : open) {
            int state = c.state();
            if (state == Connection.READING && (reading == null || c.since() - reading.since() < 0)) {
                reading = c;
            } else if (state == Connection.STREAMING && c.since() - followerSince < 0
                    && (follower == null || c.since() - follower.since() < 0)) {
                follower = c;
            }
        }
        return reading != null ? reading : follower;
    }

    private void refuse(SocketChannel client) {
        LOG.warn("{}: {} clients busy, a new one refused", name, limits.connections());
        byte[] body = ("capstan: too many clients (" + limits.connections() + "); try again\n").getBytes(StandardCharsets.UTF_8);
        try (client) {
            client.write(new ByteBuffer[] {
                ByteBuffer.wrap(StatusLine.head(503, "text/plain; charset=utf-8", body.length, true, List.of())),
                ByteBuffer.wrap(body)});
        } catch (IOException e) {
            LOG.debug("{}: refused client gone: {}", name, e.toString());
        }
    }

    void ended(Connection connection) {
        synchronized (open) {
            open.remove(connection);
        }
    }

    /** Connections open now. */
    int connections() {
        synchronized (open) {
            return open.size();
        }
    }

    /** Stops accepting and drops every client (their endpoints see their writes fail). */
    @Override
    public void close() {
        try {
            channel.close();
            acceptor.join(5000);
        } catch (IOException e) {
            LOG.debug("{}: close: {}", name, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List<Connection> all;
        synchronized (open) {
            all = new ArrayList<>(open);
            open.clear();
        }
        for (Connection c : all) {
            c.abort();
        }
        threads.shutdown();
        timer.shutdownNow();
    }

    @Override
    public String toString() {
        return name;
    }
}
