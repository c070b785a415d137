package dev.capstan.http.client;

import dev.capstan.http.wire.Headers;
import java.util.Optional;

/** A response read whole. */
public final class ClientResponse {
    private final int status;
    private final Headers headers;
    private final byte[] body;

    ClientResponse(int status, Headers headers, byte[] body) {
        this.status = status;
        this.headers = headers;
        this.body = body;
    }

    public int status() {
        return status;
    }

    /** The first value of a header field, its name compared case-insensitively. */
    public Optional<String> header(String name) {
        return headers.first(name);
    }

    public byte[] body() {
        return body;
    }
}
