package dev.capstan.http.server;

import dev.capstan.http.HttpRequest;
import dev.capstan.http.Peer;
import java.util.Optional;

/** A request read whole, as an endpoint sees it. */
final class Request implements HttpRequest {
    private final RequestHead head;
    private final byte[] body;
    private final Peer peer;

    Request(RequestHead head, byte[] body, Peer peer) {
        this.head = head;
        this.body = body;
        this.peer = peer;
    }

    @Override
    public String method() {
        return head.method();
    }

    @Override
    public String path() {
        return head.path();
    }

    @Override
    public String query() {
        return head.query();
    }

    @Override
    public Optional<String> header(String name) {
        return head.headers().first(name);
    }

    @Override
    public byte[] body() {
        return body;
    }

    @Override
    public Peer peer() {
        return peer;
    }
}
