package dev.capstan.http;

import java.util.Optional;

/** One request, read whole (head and body) before the endpoint is called. */
public interface HttpRequest {
    /** The method as sent, e.g. {@code "GET"}, {@code "POST"}. */
    String method();

    /** The percent-decoded path without the query, e.g. {@code "/logtail/web/stderr"}. */
    String path();

    /** The raw query string (without {@code '?'}), or "". */
    String query();

    /** The first value of a header, its name compared case-insensitively. */
    Optional<String> header(String name);

    /** The whole body (Content-Length or chunked), bounded by the server's body limit; empty when none. */
    byte[] body();

    /** Who sent it. */
    Peer peer();
}
