package dev.capstan.http.server;

import dev.capstan.http.HttpResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The answer to one request. The head goes out with the first send or stream; a response the
 * endpoint left unanswered becomes a 500, one it left streaming is ended when {@code serve}
 * returns.
 */
final class Response implements HttpResponse {
    private static final int NEW = 0;
    private static final int STREAMING = 1;
    private static final int DONE = 2;

    private final Connection connection;
    private final RequestHead head;
    private final List<String> extra = new ArrayList<>(4);
    private boolean keepAlive;
    private int phase = NEW;
    private ChunkedOutputStream stream;
    private volatile boolean complete;
    private volatile boolean awaited;

    Response(Connection connection, RequestHead head) {
        this.connection = connection;
        this.head = head;
        this.keepAlive = head.keepAlive();
    }

    @Override
    public synchronized HttpResponse header(String name, String value) {
        if (phase != NEW) {
            throw new IllegalStateException("the response head is already sent");
        }
        if (!RequestParser.isToken(name) || value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("not a header field: " + name);
        }
        if (name.equalsIgnoreCase("Connection") && value.equalsIgnoreCase("close")) {
            keepAlive = false; // the server writes that field itself
        } else {
            extra.add(name);
            extra.add(value);
        }
        return this;
    }

    @Override
    public void send(int status, String contentType, byte[] body) throws IOException {
        byte[] h;
        synchronized (this) {
            begin();
            phase = DONE;
            h = StatusLine.head(status, contentType, body.length, !keepAlive, extra);
        }
        try {
            if (head.method().equals("HEAD")) {
                connection.write(ByteBuffer.wrap(h));
            } else {
                connection.write(ByteBuffer.wrap(h), ByteBuffer.wrap(body));
            }
        } finally {
            completed();
        }
    }

    @Override
    public OutputStream stream(int status, String contentType) throws IOException {
        byte[] h;
        synchronized (this) {
            begin();
            phase = STREAMING;
            if (!head.http11()) {
                keepAlive = false; // an HTTP/1.0 client knows no chunks: the end of the connection ends the body
            }
            h = StatusLine.head(status, contentType, head.http11() ? StatusLine.CHUNKED : StatusLine.UNTIL_CLOSE,
                    !keepAlive, extra);
            stream = new ChunkedOutputStream(connection, this, head.http11(), head.method().equals("HEAD"));
        }
        connection.streaming();
        connection.write(ByteBuffer.wrap(h));
        return stream;
    }

    private void begin() {
        if (phase != NEW) {
            throw new IllegalStateException("the response is already sent");
        }
    }

    @Override
    public boolean clientGone() {
        return connection.clientGone();
    }

    @Override
    public boolean awaitHangup() throws IOException {
        awaited = true;
        return connection.awaitHangup(this);
    }

    boolean isComplete() {
        return complete;
    }

    /** The body is all sent (or the stream closed): wakes a thread in {@link #awaitHangup}. */
    void completed() {
        complete = true;
        if (awaited) {
            connection.stopWaiting();
        }
    }

    /**
     * After {@code serve} returned: a response not begun becomes a 500, a stream left open is ended.
     *
     * @return whether the connection may carry another request
     */
    boolean finish() throws IOException {
        ChunkedOutputStream open;
        synchronized (this) {
            if (phase == NEW) {
                phase = DONE;
                keepAlive = false;
                byte[] body = "internal error: the endpoint sent no response\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
                connection.write(ByteBuffer.wrap(StatusLine.head(500, "text/plain; charset=utf-8", body.length, true, List.of())),
                        ByteBuffer.wrap(body));
                return false;
            }
            open = phase == STREAMING ? stream : null;
        }
        if (open != null) {
            open.close();
        }
        return keepAlive && !awaited;
    }

    /** Whether the head went out: after that an error can only end the connection. */
    synchronized boolean begun() {
        return phase != NEW;
    }
}
