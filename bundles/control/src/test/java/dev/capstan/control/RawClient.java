package dev.capstan.control;

import dev.capstan.ctl.protocol.ControlProtocol;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** A client speaking HTTP by hand, to send what capstanctl never would. */
final class RawClient implements AutoCloseable {
    final SocketChannel channel;
    private final ByteArrayOutputStream received = new ByteArrayOutputStream();

    RawClient(Path socket) throws IOException {
        channel = SocketChannel.open(UnixDomainSocketAddress.of(socket));
    }

    RawClient send(byte[] bytes) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        while (b.hasRemaining()) {
            channel.write(b);
        }
        return this;
    }

    RawClient send(String text) throws IOException {
        return send(text.getBytes(StandardCharsets.UTF_8));
    }

    /** {@code POST /capstan/command} with this body. */
    RawClient command(byte[] body) throws IOException {
        send("POST " + ControlProtocol.COMMAND_PATH + " HTTP/1.1\r\nHost: localhost\r\nContent-Length: " + body.length
                + "\r\n\r\n");
        return send(body);
    }

    RawClient command(String line) throws IOException {
        return command(line.getBytes(StandardCharsets.UTF_8));
    }

    /** Reads until {@code expected} has arrived. */
    String readUntil(String expected) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(8192);
        while (!text().contains(expected)) {
            b.clear();
            if (channel.read(b) < 0) {
                throw new IOException("closed before '" + expected + "'; got: " + text());
            }
            received.write(b.array(), 0, b.position());
        }
        return text();
    }

    /** Reads until the server closes the connection; what a reset cut short stays as received. */
    String readToEnd() throws IOException {
        ByteBuffer b = ByteBuffer.allocate(8192);
        try {
            while (true) {
                b.clear();
                if (channel.read(b) < 0) {
                    return text();
                }
                received.write(b.array(), 0, b.position());
            }
        } catch (IOException e) {
            return text();
        }
    }

    String text() {
        return received.toString(StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
