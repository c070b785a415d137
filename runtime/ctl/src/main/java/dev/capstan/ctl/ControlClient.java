package dev.capstan.ctl;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Runs command lines on Capstan's control socket (protocol in docs/control.md): sends the line,
 * copies the output frames to stdout and stderr as they come, and returns the exit code from the
 * last frame. Connection failures get supervisorctl's exit codes.
 */
final class ControlClient {
    /** supervisorctl's commands that check the connection first ("upcheck"), and so exit 4 or 7. */
    private static final List<String> UPCHECKED = List.of("status", "start", "stop", "restart", "signal", "tail",
            "maintail", "pid", "clear", "version");
    private static final int MAX_FRAME = 64 * 1024;

    private final Path socket;
    private final PrintStream out;
    private final PrintStream err;
    private volatile SocketChannel current;

    ControlClient(Path socket, PrintStream out, PrintStream err) {
        this.socket = socket;
        this.out = out;
        this.err = err;
    }

    /**
     * Runs one command line, Gogo syntax, and returns its exit code.
     *
     * @param command the first word, which decides the exit code when there is no server
     */
    int run(String line, String command) {
        SocketChannel channel;
        try {
            channel = SocketChannel.open(UnixDomainSocketAddress.of(socket));
        } catch (IOException e) {
            return unreachable(command, e);
        }
        current = channel;
        try (channel) {
            try {
                channel.write(ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8)));
            } catch (IOException e) {
                // A busy or refusing server answers and closes before reading: read its answer.
            }
            // The sending side stays open: closing it would cancel the command.
            return readResponse(new BufferedInputStream(Channels.newInputStream(channel)));
        } catch (AsynchronousCloseException e) {
            return 1; // cancelled with Ctrl-C
        } catch (IOException e) {
            err.println("capstanctl: " + url() + ": " + e.getMessage());
            return 1;
        } finally {
            current = null;
        }
    }

    /** Ctrl-C in the interactive shell: drop the running command (the server stops it). */
    boolean cancel() {
        SocketChannel c = current;
        if (c == null) {
            return false;
        }
        try {
            c.close();
        } catch (IOException e) {
            // closing anyway
        }
        return true;
    }

    private int readResponse(InputStream in) throws IOException {
        while (true) {
            int kind = in.read();
            if (kind < 0) {
                throw new EOFException("connection closed before the exit code");
            }
            byte[] payload = payload(in);
            switch (kind) {
                case 'o':
                    out.write(payload, 0, payload.length);
                    out.flush();
                    break;
                case 'e':
                    err.write(payload, 0, payload.length);
                    err.flush();
                    break;
                case 'x':
                    return exitCode(payload);
                default:
                    throw new IOException("protocol error: frame kind " + kind);
            }
        }
    }

    private static int exitCode(byte[] payload) throws IOException {
        String text = new String(payload, StandardCharsets.US_ASCII);
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new IOException("protocol error: exit code '" + text + "'");
        }
    }

    private static byte[] payload(InputStream in) throws IOException {
        int length = 0;
        int digits = 0;
        for (int c = in.read(); c != ':'; c = in.read()) {
            if (c < '0' || c > '9' || ++digits > 6) {
                throw new IOException("protocol error: bad frame length");
            }
            length = length * 10 + (c - '0');
        }
        if (length > MAX_FRAME) {
            throw new IOException("protocol error: frame of " + length + " bytes");
        }
        byte[] payload = new byte[length];
        int n = 0;
        while (n < length) {
            int r = in.read(payload, n, length - n);
            if (r < 0) {
                throw new EOFException("connection closed in a frame");
            }
            n += r;
        }
        return payload;
    }

    /** supervisorctl's {@code upcheck} messages and codes, and {@code status}'s 4. */
    private int unreachable(String command, IOException e) {
        boolean missing = !(e instanceof ConnectException) && Files.notExists(socket);
        boolean refused = e instanceof ConnectException;
        if (command.equals("shutdown") && (missing || refused)) {
            err.println("ERROR: " + url() + (missing ? " no such file" : " refused connection") + " (already shut down?)");
            return 1;
        }
        if (!UPCHECKED.contains(command) || !(missing || refused)) {
            err.println("error: " + url() + ": " + e.getMessage());
            return 1;
        }
        err.println(url() + (missing ? " no such file" : " refused connection"));
        if (command.equals("status")) {
            return 4;
        }
        return missing ? 7 : 4;
    }

    String url() {
        return "unix://" + socket;
    }

    /**
     * Joins argv into one Gogo command line: every character Gogo would read as syntax
     * ({@code $ { } ( ) [ ] < > | ; & ' " \ #} and spaces) is escaped with a backslash, so each
     * argument arrives as typed.
     *
     * @throws IllegalArgumentException for a control character, which no command line carries
     */
    static String commandLine(List<String> args) {
        StringBuilder line = new StringBuilder();
        for (String arg : args) {
            if (line.length() > 0) {
                line.append(' ');
            }
            if (arg.isEmpty()) {
                line.append("''");
            }
            for (int i = 0; i < arg.length(); i++) {
                char c = arg.charAt(i);
                if (c < 0x20 || c == 0x7f) {
                    throw new IllegalArgumentException("control character in argument: " + arg);
                }
                if (!isPlain(c)) {
                    line.append('\\');
                }
                line.append(c);
            }
        }
        return line.toString();
    }

    private static boolean isPlain(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || "_-.,:/@+=*".indexOf(c) >= 0;
    }
}
