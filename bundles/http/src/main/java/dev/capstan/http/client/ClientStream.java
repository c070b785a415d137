package dev.capstan.http.client;

import dev.capstan.http.wire.Headers;
import dev.capstan.http.wire.HttpInput;
import java.io.IOException;
import java.net.Socket;
import java.util.Optional;

/**
 * A response read as the server sends it ({@link HttpClient#stream}): a chunked body chunk by
 * chunk, any other body whole. One thread reads; {@link #close} may come from any thread, and
 * ends a read that waits.
 */
public final class ClientStream implements AutoCloseable {

    /** A response's status line and header fields. */
    record Head(int status, Headers headers, boolean http10) {
    }

    private final Socket socket;
    private final HttpInput in;
    private final Head head;
    private final int maxBody;
    private final boolean chunked;
    private boolean ended;

    ClientStream(Socket socket, HttpInput in, Head head, int maxBody) {
        this.socket = socket;
        this.in = in;
        this.head = head;
        this.maxBody = maxBody;
        this.chunked = head.headers().hasToken("Transfer-Encoding", "chunked");
    }

    public int status() {
        return head.status();
    }

    /** The first value of a header field, its name compared case-insensitively. */
    public Optional<String> header(String name) {
        return head.headers().first(name);
    }

    /**
     * The next piece of the body, blocking until it has come: a chunk, or, for a body that is not
     * chunked, all of it (at most the client's {@code maxBody} bytes each).
     *
     * @return the piece, or null at the end of the body
     * @throws IOException when the connection breaks or is closed, or the server breaks the protocol
     */
    public byte[] next() throws IOException {
        if (ended) {
            return null;
        }
        if (chunked) {
            byte[] chunk = in.readChunk(maxBody, HttpClient.MAX_LINE);
            ended = chunk == null;
            return chunk;
        }
        ended = true;
        Optional<String> length = head.headers().first("Content-Length");
        if (length.isEmpty()) {
            throw new IOException("a streamed response needs a chunked body or a Content-Length");
        }
        return in.readBytes((int) HttpClient.contentLength(length.get(), maxBody));
    }

    /** Closes the connection; a {@link #next} that waits ends with an IOException. */
    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // closed anyway
        }
    }
}
