package dev.capstan.engine;

import static dev.capstan.api.ServiceState.RUNNING;
import static dev.capstan.api.ServiceState.STOPPED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.capstan.api.ServiceSpec;
import dev.capstan.api.SocketSpec;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code [fcgi-program:x]} as supervisord runs it: the pool's listening socket exists while one
 * of its processes runs, every process gets it as stdin and accepts on it, and it is closed when
 * the last one has ended. The processes are real Python programs that accept one connection on
 * fd 0 and answer with their pid.
 */
class PoolSocketTest {
    /** Accepts one connection on fd 0, says its pid, then waits to be stopped. */
    private static final String ACCEPT_ONCE = "import os, socket, time\n"
            + "s = socket.socket(fileno=0)\n"
            + "c, _ = s.accept()\n"
            + "c.sendall(str(os.getpid()).encode())\n"
            + "c.close()\n"
            + "time.sleep(1000)\n";

    private final Harness h = new Harness();

    @TempDir
    Path dir;

    @AfterEach
    void close() {
        h.close();
    }

    private ServiceSpec.Builder pooled(String name, SocketSpec socket) {
        return ServiceSpec.builder(name, List.of("/usr/bin/python3", "-c", ACCEPT_ONCE)).group("pool")
                .startSecs(Duration.ZERO).socket(socket);
    }

    @Test
    void everyProcessOfThePoolAcceptsOnTheOneSocketThatLivesAsLongAsThey() throws Exception {
        Path path = dir.resolve("pool.sock");
        SocketSpec socket = SocketSpec.unix(path, 0, 0660, -1, -1);
        h.define(pooled("p0", socket));
        h.define(pooled("p1", socket));
        int p0 = h.awaitState("pool:p0", RUNNING).pid();
        int p1 = h.awaitState("pool:p1", RUNNING).pid();
        assertEquals("rw-rw----", PosixFilePermissions.toString(Files.getPosixFilePermissions(path)));

        // Each process accepts once: two connections are answered by the two processes.
        assertEquals(Set.of(Integer.toString(p0), Integer.toString(p1)), Set.of(ask(path), ask(path)));

        h.engine.stop("pool:p0").toCompletableFuture().get();
        assertTrue(Files.exists(path));
        h.engine.stop("pool:p1").toCompletableFuture().get();
        h.awaitState("pool:p1", STOPPED);
        assertThrows(IOException.class, () -> ask(path), "the last process ended: the socket is closed");

        h.engine.start("pool:p0").toCompletableFuture().get();
        h.awaitState("pool:p0", RUNNING);
        assertEquals(Integer.toString(h.status("pool:p0").pid()), ask(path), "made again for the next process");
    }

    private static String ask(Path socket) throws IOException {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(socket));
            ByteBuffer answer = ByteBuffer.allocate(64);
            while (ch.read(answer) >= 0) {
                if (!answer.hasRemaining()) {
                    break;
                }
            }
            return new String(answer.array(), 0, answer.position(), StandardCharsets.US_ASCII);
        }
    }
}
