package dev.capstan.http.server;

import dev.capstan.http.wire.Headers;

/**
 * A request line and its header fields, as read.
 *
 * @param method  the method token
 * @param path    the percent-decoded path
 * @param query   the raw query, or ""
 * @param http11  HTTP/1.1 (else 1.0)
 * @param headers the header fields
 */
record RequestHead(String method, String path, String query, boolean http11, Headers headers) {

    /** Whether the client wants the connection kept after this request (HTTP/1.1's default, 1.0's opt-in). */
    boolean keepAlive() {
        if (headers.hasToken("Connection", "close")) {
            return false;
        }
        return http11 || headers.hasToken("Connection", "keep-alive");
    }
}
