package dev.capstan.control;

import dev.capstan.ctl.protocol.ControlProtocol;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes a command's frames to the response stream: stdout and stderr come from different
 * threads of a Gogo session, so each frame is written whole (one chunk) under one lock.
 */
final class FrameWriter {
    private final OutputStream stream;

    FrameWriter(OutputStream stream) {
        this.stream = stream;
    }

    synchronized void frame(byte kind, byte[] bytes, int offset, int length) throws IOException {
        do {
            int n = Math.min(length, ControlProtocol.MAX_FRAME);
            stream.write(ControlProtocol.frame(kind, bytes, offset, n));
            offset += n;
            length -= n;
        } while (length > 0);
    }

    void text(byte kind, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        frame(kind, bytes, 0, bytes.length);
    }

    /** The last frame, then the end of the response. */
    void exit(int code) throws IOException {
        try {
            text(ControlProtocol.EXIT, Integer.toString(code));
        } finally {
            stream.close();
        }
    }

    /** A stream whose every write is one frame (or more, if long) of {@code kind}. */
    OutputStream stream(byte kind) {
        return new FrameStream(this, kind);
    }

    /** stdout or stderr of the command. */
    private static final class FrameStream extends OutputStream {
        private final FrameWriter writer;
        private final byte kind;

        FrameStream(FrameWriter writer, byte kind) {
            this.writer = writer;
            this.kind = kind;
        }

        @Override
        public void write(int b) throws IOException {
            writer.frame(kind, new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (len > 0) {
                writer.frame(kind, b, off, len);
            }
        }
    }
}
