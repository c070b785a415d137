package dev.capstan.engine.readiness;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/** {@code http://HOST:PORT/PATH}: passes when a GET answers 2xx. Redirects are not followed. */
final class HttpCheck implements ActiveCheck {
    private final URI uri;
    private final Executor blocking;

    HttpCheck(URI uri, Executor blocking) {
        this.uri = uri;
        this.blocking = blocking;
    }

    @Override
    public CompletableFuture<CheckResult> attempt(Duration timeout) {
        return CompletableFuture.supplyAsync(() -> get(timeout), blocking);
    }

    private CheckResult get(Duration timeout) {
        int millis = (int) Math.max(1, timeout.toMillis());
        HttpURLConnection c = null;
        try {
            c = (HttpURLConnection) uri.toURL().openConnection();
            c.setConnectTimeout(millis);
            c.setReadTimeout(millis);
            c.setInstanceFollowRedirects(false);
            c.setUseCaches(false);
            int status = c.getResponseCode();
            drain(c, status);
            return status >= 200 && status < 300
                    ? CheckResult.PASSED
                    : CheckResult.failed(uri + ": HTTP " + status);
        } catch (IOException | IllegalArgumentException e) {
            return CheckResult.failed(uri + ": " + e.getMessage());
        } finally {
            if (c != null) {
                c.disconnect();
            }
        }
    }

    /** Reads the small body away so the connection ends cleanly. */
    private static void drain(HttpURLConnection c, int status) throws IOException {
        try (InputStream in = status < 400 ? c.getInputStream() : c.getErrorStream()) {
            if (in != null) {
                in.skip(64 * 1024);
            }
        }
    }
}
