package dev.capstan.control;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;

/**
 * Writes a response's frames to the client. stdout and stderr come from different threads of a
 * Gogo session, so frames are written whole under one lock. The first failed write (the client
 * went away) runs {@code onBroken} once, so the command is cancelled even if it never reads.
 */
final class ResponseWriter {
    private final SocketChannel channel;
    private final Runnable onBroken;
    private boolean broken;

    ResponseWriter(SocketChannel channel, Runnable onBroken) {
        this.channel = channel;
        this.onBroken = onBroken;
    }

    synchronized void frame(byte kind, byte[] bytes, int offset, int length) throws IOException {
        if (broken) {
            throw new IOException("the client went away");
        }
        try {
            do {
                int n = Math.min(length, Protocol.MAX_FRAME);
                ByteBuffer header = ByteBuffer.wrap(((char) kind + Integer.toString(n) + ":").getBytes(StandardCharsets.US_ASCII));
                ByteBuffer[] frame = {header, ByteBuffer.wrap(bytes, offset, n)};
                while (header.hasRemaining() || frame[1].hasRemaining()) {
                    channel.write(frame);
                }
                offset += n;
                length -= n;
            } while (length > 0);
        } catch (IOException e) {
            broken = true;
            onBroken.run();
            throw e;
        }
    }

    void text(byte kind, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        frame(kind, bytes, 0, bytes.length);
    }

    /** The last frame. */
    void exit(int code) throws IOException {
        text(Protocol.EXIT, Integer.toString(code));
    }

    /** A stream whose every write is one frame (or more, if long) of {@code kind}. */
    OutputStream stream(byte kind) {
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                frame(kind, new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                if (len > 0) {
                    frame(kind, b, off, len);
                }
            }
        };
    }
}
