package dev.capstan.http.client;

import java.io.IOException;
import java.net.Socket;
import java.net.StandardSocketOptions;
import java.time.Duration;
import jdk.net.ExtendedSocketOptions;

/**
 * TCP keep-alive on a client's socket: the first probe after the idle time, then three more, a
 * third of it apart. Where the system does not let the times be set, its own apply.
 */
final class KeepAlive {

    private static final int PROBES = 3;

    private KeepAlive() {
    }

    static void set(Socket socket, Duration idle) throws IOException {
        socket.setOption(StandardSocketOptions.SO_KEEPALIVE, true);
        int seconds = (int) Math.max(1, Math.min(Integer.MAX_VALUE, idle.toSeconds()));
        if (socket.supportedOptions().contains(ExtendedSocketOptions.TCP_KEEPIDLE)) {
            socket.setOption(ExtendedSocketOptions.TCP_KEEPIDLE, seconds);
            socket.setOption(ExtendedSocketOptions.TCP_KEEPINTERVAL, Math.max(1, seconds / PROBES));
            socket.setOption(ExtendedSocketOptions.TCP_KEEPCOUNT, PROBES);
        }
    }
}
