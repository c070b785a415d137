package dev.capstan.etcd;

import dev.capstan.http.client.ClientResponse;
import dev.capstan.http.client.ClientStream;
import dev.capstan.http.client.HttpClient;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.net.SocketFactory;

/**
 * etcd's v3 JSON gateway on one endpoint ({@code /v3/} only: etcd 3.4 serves it next to
 * {@code /v3beta/}, 3.5 and later only it): authenticate, range, watch. Each call blocks; one
 * thread calls, and {@link #close} may come from any thread to end a call that waits.
 */
final class Gateway implements AutoCloseable {

    /** The largest reply read: a range of every key of a node, each value up to etcd's own 1.5 MiB limit. */
    static final int MAX_BODY = 16 * 1024 * 1024;
    private static final String JSON = "application/json";
    private static final String AUTHENTICATE = "/v3/auth/authenticate";
    /** After this much silence on a watch, TCP probes whether etcd is still there. */
    private static final Duration KEEP_ALIVE = Duration.ofSeconds(30);

    private final URI endpoint;
    private final SocketFactory sockets;
    private final Duration timeout;
    private volatile HttpClient kv;
    private volatile Watch watch;
    private volatile boolean closed;
    private String token;
    private String username;
    private String password;

    /** @param timeout for connecting and for each reply (a watch waits for its messages without one) */
    Gateway(URI endpoint, SocketFactory sockets, Duration timeout) {
        this.endpoint = endpoint;
        this.sockets = sockets;
        this.timeout = timeout;
        this.kv = client();
    }

    URI endpoint() {
        return endpoint;
    }

    /**
     * etcd's authentication: the token goes with every later request, and is asked for again
     * when etcd says it expired (a simple token lives 5 minutes after its last use by default).
     */
    void authenticate(String username, String password) throws IOException {
        this.username = username;
        this.password = password;
        token = null; // etcd refuses even the authentication with an expired token
        renewClient();
        Map<String, Object> reply = post(AUTHENTICATE,
                "{\"name\":" + Json.quoted(username) + ",\"password\":" + Json.quoted(password) + "}");
        String newToken = Json.text(reply, "token");
        if (newToken.isEmpty()) {
            throw new EtcdException("authentication gave no token (is authentication enabled in etcd?)");
        }
        token = newToken;
        renewClient();
    }

    /** A client with the current token: its header fields are fixed. */
    private void renewClient() {
        HttpClient old = kv;
        kv = client();
        old.close();
        if (closed) {
            kv.close(); // closed meanwhile from another thread: the new one must not stay open
        }
    }

    /**
     * The keys under {@code prefix} (or the one key {@code prefix} when {@code whole} is false)
     * as they were at {@code revision}, or now when it is 0.
     *
     * @throws EtcdException with {@link EtcdException#COMPACTED} when the revision was compacted
     */
    Range range(String key, boolean prefix, long revision) throws IOException {
        StringBuilder body = new StringBuilder("{\"key\":\"").append(Json.base64(key)).append('"');
        if (prefix) {
            body.append(",\"range_end\":\"").append(rangeEnd(key)).append('"');
        }
        if (revision > 0) {
            body.append(",\"revision\":\"").append(revision).append('"');
        }
        Map<String, Object> reply = post("/v3/kv/range", body.append('}').toString());
        List<KeyValue> kvs = new ArrayList<>();
        for (Map<String, Object> kv : Json.objects(reply, "kvs")) {
            kvs.add(KeyValue.of(kv));
        }
        return new Range(Json.number(Json.object(reply, "header"), "revision"), kvs);
    }

    /** Watches the keys under {@code prefix} (or the one key) from {@code startRevision} on. */
    Watch watch(String key, boolean prefix, long startRevision) throws IOException {
        StringBuilder body = new StringBuilder("{\"create_request\":{\"key\":\"").append(Json.base64(key)).append('"');
        if (prefix) {
            body.append(",\"range_end\":\"").append(rangeEnd(key)).append('"');
        }
        body.append(",\"start_revision\":\"").append(startRevision).append("\"}}");
        HttpClient client = client().keepAlive(KEEP_ALIVE);
        ClientStream stream = client.stream("POST", "/v3/watch", JSON, body.toString().getBytes(StandardCharsets.UTF_8));
        Watch opened = new Watch(stream);
        watch = opened;
        if (closed) {
            opened.close();
            throw new IOException("closed");
        }
        if (stream.status() != 200) {
            byte[] reply = stream.next();
            opened.close();
            throw error(stream.status(), reply == null ? new byte[0] : reply);
        }
        return opened;
    }

    /** Ends what is open; a call that waits ends with an IOException. Any thread. */
    @Override
    public void close() {
        closed = true;
        Watch w = watch;
        if (w != null) {
            w.close();
        }
        kv.close();
    }

    private Map<String, Object> post(String path, String json) throws IOException {
        ClientResponse r = kv.send("POST", path, JSON, json.getBytes(StandardCharsets.UTF_8));
        if (r.status() != 200) {
            EtcdException e = error(r.status(), r.body());
            if (e.code() != EtcdException.UNAUTHENTICATED || username == null || path.equals(AUTHENTICATE)) {
                throw e;
            }
            authenticate(username, password);
            r = kv.send("POST", path, JSON, json.getBytes(StandardCharsets.UTF_8));
            if (r.status() != 200) {
                throw error(r.status(), r.body());
            }
        }
        return Json.object(r.body(), MAX_BODY);
    }

    /** The gateway's error reply, {@code {"error":"...","message":"...","code":N}}. */
    private static EtcdException error(int status, byte[] body) {
        try {
            Map<String, Object> reply = Json.object(body, MAX_BODY);
            String message = Json.text(reply, "message");
            return new EtcdException((message.isEmpty() ? "HTTP " + status : message), (int) Json.number(reply, "code"));
        } catch (EtcdException e) {
            return new EtcdException("HTTP " + status + ": " + Json.abbreviated(body));
        }
    }

    private HttpClient client() {
        int port = endpoint.getPort();
        HttpClient client = new HttpClient(sockets, endpoint.getHost(), port).timeouts(timeout, timeout).maxBody(MAX_BODY);
        if (token != null) {
            client.header("Authorization", token);
        }
        return client;
    }

    /**
     * etcd's prefix range: the key with its last byte increased. A key is UTF-8 here, which has no
     * byte 0xff, so the last byte can always be increased.
     */
    static String rangeEnd(String prefix) {
        byte[] end = prefix.getBytes(StandardCharsets.UTF_8);
        end[end.length - 1]++;
        return Base64.getEncoder().encodeToString(end);
    }
}
