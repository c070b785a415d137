package dev.capstan.control;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;

/** Reads and checks the one request line of a connection. */
final class RequestReader {

    /** A request that is not a command line; the connection is answered with exit 2 and closed. */
    static final class BadRequest extends Exception {
        private static final long serialVersionUID = 1L;

        BadRequest(String message) {
            super(message);
        }
    }

    private RequestReader() {
    }

    /**
     * @return the command line without its newline, or null if the client closed the connection
     *         before finishing it
     */
    static String read(SocketChannel channel) throws IOException, BadRequest {
        ByteBuffer buffer = ByteBuffer.allocate(Protocol.MAX_REQUEST);
        int scanned = 0;
        while (true) {
            if (channel.read(buffer) < 0) {
                return null;
            }
            for (; scanned < buffer.position(); scanned++) {
                if (buffer.get(scanned) == '\n') {
                    if (scanned != buffer.position() - 1) {
                        throw new BadRequest("one request per connection");
                    }
                    return decode(buffer.flip().limit(scanned));
                }
            }
            if (!buffer.hasRemaining()) {
                throw new BadRequest("longer than " + Protocol.MAX_REQUEST + " bytes");
            }
        }
    }

    private static String decode(ByteBuffer bytes) throws BadRequest {
        String line;
        try {
            line = StandardCharsets.UTF_8.newDecoder().decode(bytes).toString();
        } catch (CharacterCodingException e) {
            throw new BadRequest("not UTF-8");
        }
        if (line.endsWith("\r")) {
            line = line.substring(0, line.length() - 1);
        }
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if ((c < 0x20 && c != '\t') || c == 0x7f) {
                throw new BadRequest(String.format("control character 0x%02x", (int) c));
            }
        }
        return line;
    }
}
