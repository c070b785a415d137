package dev.capstan.ctl.protocol;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * capstanctl's protocol over HTTP. The client sends {@code POST /capstan/command} with the command
 * line as the body (UTF-8, one line, no control character but tab, at most {@link #MAX_LINE}
 * bytes). The server answers 200 with a chunked body of frames, each
 * {@code KIND LENGTH ":" PAYLOAD} with the length in ASCII decimal (at most {@link #MAX_FRAME}):
 * {@code o} bytes for stdout, {@code e} bytes for stderr, and last {@code x}, the exit code in
 * decimal. Closing the connection before the {@code x} frame cancels the command. A request that
 * is refused before anything runs gets an HTTP error status with a one-line text/plain body.
 */
public final class ControlProtocol {
    /** The command endpoint. */
    public static final String COMMAND_PATH = "/capstan/command";
    /** The media type of the framed answer. */
    public static final String FRAMES_TYPE = "application/vnd.capstan.frames";

    public static final byte STDOUT = 'o';
    public static final byte STDERR = 'e';
    public static final byte EXIT = 'x';

    /** Longest command line, in UTF-8 bytes: a command line, not a file. */
    public static final int MAX_LINE = 64 * 1024;
    /** Longest frame payload; longer output is split. */
    public static final int MAX_FRAME = 64 * 1024;

    /** The control socket of a Capstan running as root, unless configured otherwise. */
    public static final Path ROOT_SOCKET = Path.of("/run/capstan/capstan.sock");

    private ControlProtocol() {
    }

    /**
     * The default control socket: {@link #ROOT_SOCKET} for root, {@code /tmp/capstan-UID/capstan.sock}
     * for anyone else, who cannot write /run.
     */
    public static Path defaultSocket() {
        int uid;
        try {
            uid = (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        } catch (IOException | UnsupportedOperationException e) {
            uid = 0;
        }
        return uid == 0 ? ROOT_SOCKET : Path.of("/tmp/capstan-" + uid, "capstan.sock");
    }

    /** One frame, header and payload in one array: {@code length} must not exceed {@link #MAX_FRAME}. */
    public static byte[] frame(byte kind, byte[] bytes, int offset, int length) {
        byte[] header = (((char) kind) + Integer.toString(length) + ":").getBytes(StandardCharsets.US_ASCII);
        byte[] frame = new byte[header.length + length];
        System.arraycopy(header, 0, frame, 0, header.length);
        System.arraycopy(bytes, offset, frame, header.length, length);
        return frame;
    }

    /**
     * Checks a command line as the server receives it.
     *
     * @return null if it is one, else why not
     */
    public static String checkLine(String line) {
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if ((c < 0x20 && c != '\t') || c == 0x7f) {
                return String.format("control character 0x%02x", (int) c);
            }
        }
        return null;
    }
}
