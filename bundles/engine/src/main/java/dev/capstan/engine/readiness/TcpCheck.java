package dev.capstan.engine.readiness;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/** {@code tcp:HOST:PORT}: passes when a TCP connection can be opened. */
final class TcpCheck implements ActiveCheck {
    private final String host;
    private final int port;
    private final Executor blocking;

    TcpCheck(String host, int port, Executor blocking) {
        this.host = host;
        this.port = port;
        this.blocking = blocking;
    }

    @Override
    public CompletableFuture<CheckResult> attempt(Duration timeout) {
        // Name resolution and connect block; they run on the probe pool, bounded by the timeout.
        return CompletableFuture.supplyAsync(() -> {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(host, port), (int) Math.max(1, timeout.toMillis()));
                return CheckResult.PASSED;
            } catch (IOException | IllegalArgumentException e) {
                return CheckResult.failed("connect " + host + ":" + port + ": " + e.getMessage());
            }
        }, blocking);
    }
}
