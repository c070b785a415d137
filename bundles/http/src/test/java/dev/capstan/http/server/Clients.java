package dev.capstan.http.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The clients the tests drive the server with: curl, supervisorctl, and raw bytes. */
final class Clients {
    private Clients() {
    }

    record Run(int exit, String out, String err) {
    }

    /** Runs a real client to its end (this JVM runs no reaper of Capstan's, so the JDK may spawn). */
    static Run run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .start();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Thread errReader = new Thread(() -> {
            try {
                p.getErrorStream().transferTo(err);
            } catch (IOException e) {
                // the process ended
            }
        });
        errReader.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(command + " did not finish");
        }
        errReader.join();
        return new Run(p.exitValue(), out, err.toString(StandardCharsets.UTF_8));
    }

    /** curl, silent but for errors, with the response head in the output ({@code -i}). */
    static Run curl(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("curl", "-sS", "-i", "--max-time", "30"));
        command.addAll(List.of(args));
        return run(command);
    }

    /** A connection speaking raw bytes. */
    static final class Raw implements AutoCloseable {
        final SocketChannel channel;
        private final ByteArrayOutputStream received = new ByteArrayOutputStream();

        Raw(SocketAddress address) throws IOException {
            channel = SocketChannel.open(address);
        }

        Raw send(String text) throws IOException {
            ByteBuffer b = ByteBuffer.wrap(text.getBytes(StandardCharsets.ISO_8859_1));
            while (b.hasRemaining()) {
                channel.write(b);
            }
            return this;
        }

        /** Reads until {@code expected} has arrived (or fails when the server closes first). */
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

        /** Reads until the server closes the connection. */
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
            return received.toString(StandardCharsets.ISO_8859_1);
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }
}
