package dev.capstan.http.server;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * A streamed response body: each write goes out at once as one chunk whose size line is bare
 * hex ({@code 1a\r\n}, no extension: supervisorctl reads it with {@code int(line.split()[0], 16)});
 * close() sends the last chunk. Without chunking (an HTTP/1.0 client) the bytes go out as they
 * are and the end of the connection ends the body. Writes of several threads are serialized by
 * the connection.
 */
final class ChunkedOutputStream extends OutputStream {
    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] LAST = {'0', '\r', '\n', '\r', '\n'};

    private final Connection connection;
    private final boolean chunked;
    private final boolean discard;
    private final Response response;
    private boolean closed;

    /**
     * @param chunked false for a body the end of the connection ends
     * @param discard true for a HEAD request: nothing of the body is sent
     */
    ChunkedOutputStream(Connection connection, Response response, boolean chunked, boolean discard) {
        this.connection = connection;
        this.response = response;
        this.chunked = chunked;
        this.discard = discard;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        java.util.Objects.checkFromIndexSize(off, len, b.length);
        synchronized (this) {
            if (closed) {
                throw new IOException("stream closed");
            }
        }
        if (len == 0 || discard) {
            return;
        }
        if (!chunked) {
            connection.write(ByteBuffer.wrap(b, off, len));
            return;
        }
        byte[] size = (Integer.toHexString(len) + "\r\n").getBytes(StandardCharsets.US_ASCII);
        connection.write(ByteBuffer.wrap(size), ByteBuffer.wrap(b, off, len), ByteBuffer.wrap(CRLF));
    }

    /** Sends the last chunk; the response is then complete. A second close does nothing. */
    @Override
    public void close() throws IOException {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        try {
            if (chunked && !discard) {
                connection.write(ByteBuffer.wrap(LAST));
            }
        } finally {
            response.completed();
        }
    }

    synchronized boolean isClosed() {
        return closed;
    }
}
