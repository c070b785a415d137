package dev.capstan.http.server;

/**
 * What one listener allows. Every read is bounded in size and in time, so a client can hold a
 * connection only while it keeps to them; docs/control.md lists the values.
 *
 * @param requestLine   longest request line, in bytes (414 past it)
 * @param headBytes     longest header block, in bytes (431 past it)
 * @param headers       most header fields (431 past it)
 * @param body          largest request body, in bytes (413 past it)
 * @param headMillis    time from a request's first byte (or the connection's start) to the end of its head
 * @param bodyMillis    time to send the body once the head is in
 * @param idleMillis    time a kept-alive connection may wait for its next request
 * @param writeMillis   time one write to the client may take (a client that stops reading is dropped)
 * @param connections   connections served at once; past it, the one waiting longest for a request
 *                      or the oldest follower makes room, else the new one gets 503
 * @param followerMillis age past which a streaming response counts as a follower that may make room
 */
record Limits(int requestLine, int headBytes, int headers, int body, long headMillis, long bodyMillis,
        long idleMillis, long writeMillis, int connections, long followerMillis) {

    static final Limits DEFAULT = new Limits(8 * 1024, 32 * 1024, 100, 1024 * 1024, 10_000, 30_000, 60_000, 30_000,
            64, 5_000);
}
