package dev.capstan.http;

/** Where a request came in. */
public enum Transport {
    /** The control socket, {@code [unix_http_server] file=}. */
    UNIX,
    /** {@code [inet_http_server] port=}. */
    TCP
}
