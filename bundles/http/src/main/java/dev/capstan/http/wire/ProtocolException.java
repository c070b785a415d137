package dev.capstan.http.wire;

import java.io.IOException;

/**
 * The peer broke HTTP/1.1 or a limit. A server answers with {@link #status()} and closes the
 * connection; a client fails the call.
 */
public final class ProtocolException extends IOException {
    private static final long serialVersionUID = 1L;

    private final int status;

    /** @param status the status a server answers with: 400, 413, 414, 431, 501, 505 */
    public ProtocolException(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
