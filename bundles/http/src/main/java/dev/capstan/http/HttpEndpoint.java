package dev.capstan.http;

import java.io.IOException;

/**
 * A resource served by Capstan's HTTP server. Whiteboard: register an implementation as an OSGi
 * service with these service properties:
 * <ul>
 * <li>{@value #PATH} (String, required): an exact path ({@code "/RPC2"}) or a prefix ending in
 * {@code "/"} ({@code "/logtail/"}); the longest match wins. A path registered twice is served by
 * the service with the highest ranking.</li>
 * <li>{@value #TIER} (String, optional): {@code "operator"} (the default) or
 * {@code "administrator"}, the lowest tier allowed. An administrator endpoint is never reachable
 * over TCP (404 there); an operator on the Unix socket gets 403.</li>
 * </ul>
 *
 * <p>{@link #serve} runs on the connection's own thread and may block (a start with
 * {@code wait=true} blocks until the service is RUNNING and ready); it must return when the client
 * leaves. Requests of one connection come one after the other, never at once. An exception from
 * {@code serve} before anything was sent becomes a 500 without details (the server logs it); after
 * that the connection is closed.
 */
public interface HttpEndpoint {
    /** Service property: the path or path prefix served. */
    String PATH = "capstan.http.path";
    /** Service property: the lowest tier allowed, {@code "operator"} (default) or {@code "administrator"}. */
    String TIER = "capstan.http.tier";

    void serve(HttpRequest request, HttpResponse response) throws IOException;
}
