package dev.capstan.http.server;

import dev.capstan.http.Peer;
import dev.capstan.http.Tier;
import dev.capstan.http.Transport;
import dev.capstan.http.wire.HttpInput;
import dev.capstan.http.wire.ProtocolException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection, served on its own thread: requests one after the other (keep-alive),
 * each read whole, checked, routed and handed to its endpoint on this thread. What the client
 * does wrong gets a status and a short text, never a stack trace, and ends the connection.
 */
final class Connection implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(Connection.class);

    /** Waiting for a request or reading one: may be dropped to make room. */
    static final int READING = 0;
    /** An endpoint at work on a request. */
    static final int SERVING = 1;
    /** A streamed answer (or one waiting for the client to hang up): a follower once old enough. */
    static final int STREAMING = 2;

    private final HttpServer server;
    private final SocketChannel channel;
    private final Limits limits;
    private final HttpInput in;
    private final Deadline deadline;
    private final Object writeLock = new Object();
    private volatile int state = READING;
    private volatile long since = System.nanoTime();
    private volatile boolean gone;
    private volatile boolean waiting;
    private boolean broken;

    Connection(HttpServer server, SocketChannel channel) {
        this.server = server;
        this.channel = channel;
        this.limits = server.limits();
        this.in = new HttpInput(channel, Math.max(limits.requestLine(), limits.headBytes()) + 2);
        this.deadline = new Deadline(server.timer(), this);
    }

    int state() {
        return state;
    }

    long since() {
        return since;
    }

    private void enter(int next) {
        state = next;
        since = System.nanoTime();
    }

    @Override
    public void run() {
        try {
            Peer connectionPeer = server.access().identify(channel);
            deadline.arm(limits.headMillis());
            while (serveOne(connectionPeer)) {
                enter(READING);
                deadline.arm(limits.idleMillis());
                if (!awaitNextRequest()) {
                    return;
                }
                deadline.arm(limits.headMillis());
            }
        } catch (IOException e) {
            LOG.debug("{}: connection ended: {}", server, e.toString());
        } catch (RuntimeException e) {
            LOG.warn("{}: connection failed", server, e);
        } finally {
            deadline.cancel();
            abort();
            server.ended(this);
        }
    }

    /** Skips the line ends a client may send between requests; false if it left instead. */
    private boolean awaitNextRequest() throws IOException {
        in.skipLineEnds();
        while (in.buffered() == 0) {
            if (in.fill() < 0) {
                return false;
            }
            in.skipLineEnds();
        }
        return true;
    }

    /** Reads and answers one request; false when the connection is to end. */
    private boolean serveOne(Peer connectionPeer) throws IOException {
        RequestHead head = null;
        Request request;
        Route route;
        try {
            head = RequestParser.readHead(in, limits);
            if (head == null) {
                return false;
            }
            Peer peer = server.access().authorize(connectionPeer, head.headers());
            route = route(head, peer);
            long length = RequestParser.announcedLength(head, limits);
            if (length != 0 && head.http11() && head.headers().hasToken("Expect", "100-continue")) {
                write(ByteBuffer.wrap("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII)));
            }
            deadline.arm(limits.bodyMillis());
            request = new Request(head, RequestParser.readBody(in, head, limits), peer);
        } catch (ProtocolException e) {
            deadline.disarm();
            refuse(e, head);
            return false;
        }
        deadline.disarm();
        enter(SERVING);
        Response response = new Response(this, head);
        try {
            route.endpoint().serve(request, response);
        } catch (IOException e) {
            if (!response.begun() && !gone) {
                LOG.warn("{}: {} {} failed: {}", server, head.method(), head.path(), e.toString());
                refuse(new ProtocolException(500, "internal error"), head);
            }
            return false;
        } catch (RuntimeException e) {
            LOG.warn("{}: {} {} failed", server, head.method(), head.path(), e);
            if (!response.begun()) {
                refuse(new ProtocolException(500, "internal error"), head);
            }
            return false;
        }
        return response.finish() && !gone;
    }

    private Route route(RequestHead head, Peer peer) throws ProtocolException {
        Route route = server.routes().find(head.path());
        if (route == null || (route.tier() == Tier.ADMINISTRATOR && peer.transport() == Transport.TCP)) {
            throw new ProtocolException(404, "no such resource: " + head.path());
        }
        if (peer.tier().compareTo(route.tier()) < 0) {
            throw new ProtocolException(403, "forbidden to user " + peer.user() + ": " + head.path());
        }
        return route;
    }

    /**
     * Answers an error and ends the connection without a reset: the output is shut, then what the
     * client still sends is read and dropped for a moment, so it reads the answer rather than
     * losing it to a reset of unread data.
     */
    private void refuse(ProtocolException e, RequestHead head) throws IOException {
        LOG.debug("{}: {} {}", server, e.status(), e.getMessage());
        List<String> extra = e.status() == 401 ? List.of("WWW-Authenticate", "Basic realm=\"default\"") : List.of();
        byte[] body = (e.getMessage() + "\n").getBytes(StandardCharsets.UTF_8);
        byte[] h = StatusLine.head(e.status(), "text/plain; charset=utf-8", body.length, true, extra);
        if (head != null && head.method().equals("HEAD")) {
            write(ByteBuffer.wrap(h));
        } else {
            write(ByteBuffer.wrap(h), ByteBuffer.wrap(body));
        }
        channel.shutdownOutput();
        deadline.arm(limits.headMillis() / 4);
        ByteBuffer drop = ByteBuffer.allocate(4096);
        for (long dropped = 0; dropped < limits.body(); dropped += drop.position()) {
            drop.clear();
            if (channel.read(drop) < 0) {
                break;
            }
        }
    }

    /** Writes whole buffers, one writer at a time, each write bounded in time. */
    void write(ByteBuffer... buffers) throws IOException {
        synchronized (writeLock) {
            if (broken) {
                throw new IOException("the client is gone");
            }
            try {
                deadline.arm(limits.writeMillis());
                long left = 0;
                for (ByteBuffer b : buffers) {
                    left += b.remaining();
                }
                while (left > 0) {
                    left -= channel.write(buffers);
                }
                deadline.disarm();
            } catch (IOException e) {
                broken = true;
                gone = true;
                throw e;
            }
        }
    }

    /** The response began streaming: from now on this connection may count as a follower. */
    void streaming() {
        enter(STREAMING);
    }

    /**
     * Whether the client closed its side, checked without blocking. Bytes it sent meanwhile (a
     * next request) are kept for later.
     */
    boolean clientGone() {
        if (gone || waiting) {
            return gone;
        }
        synchronized (in) {
            try {
                channel.configureBlocking(false);
                try {
                    if (in.fill() < 0) {
                        gone = true;
                    }
                } finally {
                    channel.configureBlocking(true);
                }
            } catch (IOException e) {
                gone = true;
            }
        }
        return gone;
    }

    /** See {@link dev.capstan.http.HttpResponse#awaitHangup()}; the connection ends after it. */
    boolean awaitHangup(Response response) throws IOException {
        enter(STREAMING);
        waiting = true;
        if (response.isComplete()) {
            return false;
        }
        synchronized (in) {
            while (true) {
                int n;
                try {
                    n = in.fill();
                } catch (IOException e) {
                    gone = true;
                    return !response.isComplete();
                }
                if (response.isComplete()) {
                    return false;
                }
                // supervisorctl's stray CRLF after the head is not a hang-up; anything else is.
                if (n < 0 || (n > 0 && !in.onlyLineEnds()) || (n == 0 && in.buffered() > 0)) {
                    gone = true;
                    return true;
                }
            }
        }
    }

    /** The response completed while a thread waits in {@link #awaitHangup}: end its read. */
    void stopWaiting() {
        if (waiting) {
            try {
                channel.shutdownInput();
            } catch (IOException e) {
                abort();
            }
        }
    }

    /** A deadline passed: the client was too slow to send or to read. */
    void expired() {
        LOG.debug("{}: client too slow, connection dropped", server);
        abort();
    }

    /** Closes the connection at once; its thread sees the close and ends. */
    void abort() {
        gone = true;
        try {
            channel.close();
        } catch (IOException e) {
            LOG.debug("{}: close: {}", server, e.toString());
        }
    }
}
