package dev.capstan.http;

import java.io.IOException;
import java.io.OutputStream;

/**
 * The answer to one request: exactly one of {@link #send} or {@link #stream}. An endpoint that
 * returns without either gets a 500 from the server.
 */
public interface HttpResponse {
    /** Adds a header to the response; before send/stream only. */
    HttpResponse header(String name, String value);

    /** A whole response with Content-Length. */
    void send(int status, String contentType, byte[] body) throws IOException;

    /**
     * Starts a chunked response (Transfer-Encoding: chunked, chunk-size lines bare hex); each write
     * of the returned stream is sent as one chunk at once; close() sends the last chunk. A write
     * throws IOException once the client is gone. The stream may be written and closed by another
     * thread than the connection's.
     */
    OutputStream stream(int status, String contentType) throws IOException;

    /** True once the client closed its side (for streams that otherwise wait for output). */
    boolean clientGone();

    /**
     * Blocks until the client hangs up, or until the response is complete: lets an endpoint run
     * long work on another thread (which writes the stream and closes it) and stop that work
     * when the client leaves, with no polling. Hanging up means closing the connection or sending
     * anything more (a client waiting for this response sends nothing). The connection is closed
     * after a response that waited this way.
     *
     * @return true if the client hung up, false if the response was completed first
     */
    boolean awaitHangup() throws IOException;
}
