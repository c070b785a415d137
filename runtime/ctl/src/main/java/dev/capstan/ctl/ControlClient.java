package dev.capstan.ctl;

import dev.capstan.ctl.protocol.ControlProtocol;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Base64;
import java.util.List;

/**
 * Runs command lines on Capstan's command endpoint ({@link ControlProtocol}, docs/control.md):
 * one {@code POST} per command on a connection of its own, the output frames copied to stdout and
 * stderr as they come, the exit code from the last frame. Connection failures and refusals get
 * supervisorctl's exit codes. A small HTTP/1.1 client of its own: the JDK's would load hundreds
 * of classes into a command that should cost little more than a JVM start.
 */
final class ControlClient {
    /** supervisorctl's commands that check the connection first ("upcheck"), and so exit 4 or 7. */
    private static final List<String> UPCHECKED = List.of("status", "start", "stop", "restart", "signal", "tail",
            "maintail", "pid", "clear", "version");
    /** The longest status line or header field read. */
    private static final int MAX_LINE = 8192;

    private final Server server;
    private final PrintStream out;
    private final PrintStream err;
    private volatile SocketChannel current;
    /** Of the response being read: whether its body is chunked, else its Content-Length or -1. */
    private boolean chunked;
    private long contentLength;
    /** Bytes left in the current chunk; 0 before a chunk-size line; -1 after the last chunk. */
    private long chunkLeft;

    ControlClient(Server server, PrintStream out, PrintStream err) {
        this.server = server;
        this.out = out;
        this.err = err;
    }

    /**
     * Runs one command line and returns its exit code.
     *
     * @param command the first word, which decides the exit code when there is no server
     */
    int run(String line, String command) {
        SocketChannel channel;
        try {
            channel = server.socket() != null ? SocketChannel.open(UnixDomainSocketAddress.of(server.socket()))
                    : SocketChannel.open(new InetSocketAddress(server.host(), server.port()));
        } catch (IOException e) {
            return unreachable(command, e);
        }
        current = channel;
        try (channel) {
            try {
                send(channel, line);
            } catch (IOException e) {
                // A busy or refusing server may answer and close before reading all: read its answer.
            }
            // The sending side stays open: closing it would cancel the command.
            InputStream in = new BufferedInputStream(Channels.newInputStream(channel));
            int status = readHead(in);
            if (status != 200) {
                return refused(status, readBody(in));
            }
            return readFrames(in);
        } catch (AsynchronousCloseException e) {
            return 1; // cancelled with Ctrl-C
        } catch (IOException e) {
            err.println("capstanctl: " + server.url() + ": " + e.getMessage());
            return 1;
        } finally {
            current = null;
        }
    }

    private void send(SocketChannel channel, String line) throws IOException {
        byte[] body = line.getBytes(StandardCharsets.UTF_8);
        StringBuilder head = new StringBuilder(160);
        head.append("POST ").append(ControlProtocol.COMMAND_PATH).append(" HTTP/1.1\r\nHost: ")
                .append(server.socket() != null ? "localhost" : server.host() + ":" + server.port())
                .append("\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ").append(body.length).append("\r\n");
        if (server.username() != null) {
            String pair = server.username() + ":" + (server.password() == null ? "" : server.password());
            head.append("Authorization: Basic ")
                    .append(Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8))).append("\r\n");
        }
        head.append("\r\n");
        byte[] h = head.toString().getBytes(StandardCharsets.UTF_8);
        // One buffer, one write: a gathering write would load three classes more into a short JVM.
        ByteBuffer request = ByteBuffer.allocate(h.length + body.length).put(h).put(body).flip();
        while (request.hasRemaining()) {
            channel.write(request);
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

    /** Reads the status line and header fields: returns the status, notes the body's framing. */
    private int readHead(InputStream in) throws IOException {
        String status = line(in);
        if (!status.startsWith("HTTP/1.") || status.length() < 12) {
            throw new IOException("not an HTTP response: " + status);
        }
        int code;
        try {
            code = Integer.parseInt(status.substring(9, 12));
        } catch (NumberFormatException e) {
            throw new IOException("not an HTTP response: " + status);
        }
        chunked = false;
        contentLength = -1;
        chunkLeft = 0;
        for (String field = line(in); !field.isEmpty(); field = line(in)) {
            if (field.regionMatches(true, 0, "Transfer-Encoding:", 0, 18)) {
                chunked = field.regionMatches(true, field.length() - 7, "chunked", 0, 7);
            } else if (field.regionMatches(true, 0, "Content-Length:", 0, 15)) {
                try {
                    contentLength = Long.parseLong(field.substring(15).trim());
                } catch (NumberFormatException e) {
                    throw new IOException("bad Content-Length: " + field);
                }
            }
        }
        return code;
    }

    /** A body that is not frames (an error's text): read whole, at most 1 MiB. */
    private byte[] readBody(InputStream in) throws IOException {
        if (chunked) {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            for (int b = next(in); b >= 0 && body.size() < 1 << 20; b = next(in)) {
                body.write(b);
            }
            return body.toByteArray();
        }
        if (contentLength >= 0) {
            byte[] b = in.readNBytes((int) Math.min(contentLength, 1 << 20));
            if (b.length < Math.min(contentLength, 1 << 20)) {
                throw new EOFException("connection closed in the body");
            }
            return b;
        }
        return in.readNBytes(1 << 20); // until the connection ends
    }

    /** An error status before anything ran: its text to stderr, and supervisorctl's code. */
    private int refused(int status, byte[] body) {
        if (status == 401) {
            out.println("Server requires authentication");
            return 1;
        }
        String text = new String(body, StandardCharsets.UTF_8);
        err.print(text.isEmpty() ? "capstanctl: " + server.url() + ": HTTP " + status + "\n" : text);
        err.flush();
        return status == 400 ? 2 : 1;
    }

    private int readFrames(InputStream in) throws IOException {
        if (!chunked) {
            throw new IOException("protocol error: the answer is not chunked");
        }
        while (true) {
            int kind = next(in);
            if (kind < 0) {
                throw new EOFException("connection closed before the exit code");
            }
            byte[] payload = payload(in);
            switch (kind) {
                case ControlProtocol.STDOUT:
                    out.write(payload, 0, payload.length);
                    out.flush();
                    break;
                case ControlProtocol.STDERR:
                    err.write(payload, 0, payload.length);
                    err.flush();
                    break;
                case ControlProtocol.EXIT:
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

    private byte[] payload(InputStream in) throws IOException {
        int length = 0;
        int digits = 0;
        for (int c = next(in); c != ':'; c = next(in)) {
            if (c < '0' || c > '9' || ++digits > 6) {
                throw new IOException("protocol error: bad frame length");
            }
            length = length * 10 + (c - '0');
        }
        if (length > ControlProtocol.MAX_FRAME) {
            throw new IOException("protocol error: frame of " + length + " bytes");
        }
        byte[] payload = new byte[length];
        for (int n = 0; n < length; n++) {
            int b = next(in);
            if (b < 0) {
                throw new EOFException("connection closed in a frame");
            }
            payload[n] = (byte) b;
        }
        return payload;
    }

    /** The next byte of a chunked body, or -1 after its last chunk. */
    private int next(InputStream in) throws IOException {
        if (chunkLeft == 0) {
            String size = line(in);
            int end = 0;
            while (end < size.length() && Character.digit(size.charAt(end), 16) >= 0) {
                end++;
            }
            if (end == 0 || end > 8) {
                throw new IOException("protocol error: bad chunk size line: " + size);
            }
            chunkLeft = Long.parseLong(size.substring(0, end), 16);
            if (chunkLeft == 0) {
                chunkLeft = -1;
            }
        }
        if (chunkLeft < 0) {
            return -1;
        }
        int b = in.read();
        if (b < 0) {
            throw new EOFException("connection closed in a chunk");
        }
        if (--chunkLeft == 0 && !line(in).isEmpty()) {
            throw new IOException("protocol error: no CRLF after a chunk");
        }
        return b;
    }

    /** One CRLF-terminated line of ASCII. */
    private static String line(InputStream in) throws IOException {
        StringBuilder b = new StringBuilder();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new EOFException("connection closed by the server");
            }
            if (b.length() == MAX_LINE) {
                throw new IOException("protocol error: line longer than " + MAX_LINE + " bytes");
            }
            b.append((char) c);
        }
        int end = b.length() > 0 && b.charAt(b.length() - 1) == '\r' ? b.length() - 1 : b.length();
        return b.substring(0, end);
    }

    /** supervisorctl's {@code upcheck} messages and codes, and {@code status}'s 4. */
    private int unreachable(String command, IOException e) {
        boolean missing = server.socket() != null && !(e instanceof ConnectException) && Files.notExists(server.socket());
        boolean refused = e instanceof ConnectException;
        if (command.equals("shutdown") && (missing || refused)) {
            err.println("ERROR: " + server.url() + (missing ? " no such file" : " refused connection") + " (already shut down?)");
            return 1;
        }
        if (!UPCHECKED.contains(command) || !(missing || refused)) {
            err.println("error: " + server.url() + ": " + e.getMessage());
            return 1;
        }
        err.println(server.url() + (missing ? " no such file" : " refused connection"));
        if (command.equals("status")) {
            return 4;
        }
        return missing ? 7 : 4;
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
