package dev.capstan.process.linux;

import static dev.capstan.process.linux.Sh.exit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.capstan.process.Child;
import dev.capstan.process.ExitStatus;
import dev.capstan.process.ListeningSocket;
import dev.capstan.process.SpawnException;
import dev.capstan.process.SpawnRequest;
import dev.capstan.process.Stdio;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A listening socket the kernel makes once and gives every process of a pool as fd 0, as
 * supervisord's fcgi-program does; the servers here are Python accepting on fd 0.
 */
class ListeningSocketTest extends KernelPerClass {

    /** Accepts one connection on fd 0, answers with its pid, and exits. */
    private static final String ACCEPT_ONCE = String.join("\n",
            "import os, socket",
            "s = socket.socket(fileno=0)",
            "c, _ = s.accept()",
            "c.sendall(b'pid %d\\n' % os.getpid())",
            "c.close()");

    @TempDir
    Path tmp;

    @Test
    void twoProcessesOfOnePoolAcceptOnOneTcpSocket() throws Exception {
        try (ListeningSocket socket = kernel.listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0)) {
            InetSocketAddress address = (InetSocketAddress) socket.address();
            assertEquals(InetAddress.getLoopbackAddress(), address.getAddress());
            assertTrue(address.getPort() > 0, "the port the system chose: " + address);

            Child first = server(socket);
            Child second = server(socket);
            Set<String> answers = new HashSet<>();
            answers.add(ask(address));
            answers.add(ask(address));
            assertEquals(Set.of("pid " + first.pid(), "pid " + second.pid()), answers, "each process accepted one connection");
            assertEquals(ExitStatus.exited(0), exit(first));
            assertEquals(ExitStatus.exited(0), exit(second));

            Child third = server(socket); // the pool's next process gets the same socket
            assertEquals("pid " + third.pid(), ask(address));
            assertEquals(ExitStatus.exited(0), exit(third));
        }
    }

    @Test
    void aUnixSocketGetsItsModeAndAcceptsOnFdZero() throws Exception {
        Path path = tmp.resolve("fcgi.sock");
        try (ListeningSocket socket = kernel.listen(path, 0, 0660, -1, -1)) {
            assertEquals(UnixDomainSocketAddress.of(path), socket.address());
            assertTrue(Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS) instanceof Integer mode
                    && (mode & 0170000) == 0140000, "a socket file");
            assertEquals(PosixFilePermissions.fromString("rw-rw----"), Files.getPosixFilePermissions(path));
            Child server = server(socket);
            assertEquals("pid " + server.pid(), ask(socket.address()));
            assertEquals(ExitStatus.exited(0), exit(server));
        }
        assertTrue(Files.exists(path, LinkOption.NOFOLLOW_LINKS), "the file stays, as supervisord leaves it");
        try (ListeningSocket again = kernel.listen(path, 0, 0700, -1, -1)) {
            assertEquals(PosixFilePermissions.fromString("rwx------"), Files.getPosixFilePermissions(path));
            Child server = server(again);
            assertEquals("pid " + server.pid(), ask(again.address()), "the stale socket was replaced");
            assertEquals(ExitStatus.exited(0), exit(server));
        }
    }

    @Test
    void theOwnerIsSetWhenAsked() throws Exception {
        boolean root = TestPosix.POSIX.geteuid() == 0;
        if (!root) {
            System.out.println("skipped: only root can give a file away");
        }
        assumeTrue(root, "only root can give a file away");
        Path path = tmp.resolve("owned.sock");
        try (ListeningSocket socket = kernel.listen(path, 0, 0700, 65534, 65533)) {
            assertEquals(65534, Files.getAttribute(path, "unix:uid", LinkOption.NOFOLLOW_LINKS));
            assertEquals(65533, Files.getAttribute(path, "unix:gid", LinkOption.NOFOLLOW_LINKS));
        }
        try (ListeningSocket socket = kernel.listen(path, 0, 0700, -1, 65532)) {
            assertEquals(0, Files.getAttribute(path, "unix:uid", LinkOption.NOFOLLOW_LINKS), "-1 keeps the owner");
            assertEquals(65532, Files.getAttribute(path, "unix:gid", LinkOption.NOFOLLOW_LINKS));
        }
    }

    @Test
    void aFileThatIsNoSocketIsKeptAndRefused() throws Exception {
        Path path = Files.writeString(tmp.resolve("data.sock"), "precious");
        IOException e = assertThrows(IOException.class, () -> kernel.listen(path, 0, 0700, -1, -1));
        assertEquals("unix://" + path + ": the path exists and is not a socket", e.getMessage());
        assertEquals("precious", Files.readString(path));
    }

    @Test
    void failuresNameTheAddressAndTheCall() throws Exception {
        try (ListeningSocket socket = kernel.listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0)) {
            int port = ((InetSocketAddress) socket.address()).getPort();
            IOException e = assertThrows(IOException.class,
                    () -> kernel.listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0));
            assertEquals("tcp://127.0.0.1:" + port + ": bind: Address already in use", e.getMessage());
        }
        Path missing = tmp.resolve("no/such/dir/x.sock");
        IOException e = assertThrows(IOException.class, () -> kernel.listen(missing, 0, 0700, -1, -1));
        assertEquals("unix://" + missing + ": bind: No such file or directory", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> kernel.listen(InetSocketAddress.createUnresolved("localhost", 80), 0));
        assertThrows(IllegalArgumentException.class, () -> kernel.listen(Path.of("relative.sock"), 0, 0700, -1, -1));
        assertThrows(IllegalArgumentException.class, () -> kernel.listen(tmp.resolve("x.sock"), -1, 0700, -1, -1));
    }

    /** The backlog as ss reports it (Send-Q of a listening socket); 0 means the system's most. */
    @Test
    void theBacklogIsTheOneAskedFor() throws Exception {
        try (ListeningSocket socket = kernel.listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 7)) {
            int port = ((InetSocketAddress) socket.address()).getPort();
            assertEquals("7", ss("-ltnH", "sport = :" + port).get(2));
        }
        try (ListeningSocket socket = kernel.listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0)) {
            int port = ((InetSocketAddress) socket.address()).getPort();
            int somaxconn = Integer.parseInt(Files.readAllLines(Path.of("/proc/sys/net/core/somaxconn")).get(0).strip());
            assertEquals(String.valueOf(Math.min(somaxconn, Native.SOMAXCONN)), ss("-ltnH", "sport = :" + port).get(2));
        }
        Path path = tmp.resolve("backlog.sock");
        try (ListeningSocket socket = kernel.listen(path, 5, 0700, -1, -1)) {
            assertEquals("5", ss("-lxH", "src", path.toString()).get(3));
        }
    }

    @Test
    void closingRefusesNewConnectionsAndLaterSpawns() throws Exception {
        ListeningSocket socket = kernel.listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        InetSocketAddress address = (InetSocketAddress) socket.address();
        socket.close();
        socket.close(); // twice is harmless
        assertThrows(ConnectException.class, () -> new Socket(address.getAddress(), address.getPort()).close());
        SpawnException e = assertThrows(SpawnException.class, () -> server(socket));
        assertEquals("spawn /usr/bin/python3: socket tcp://127.0.0.1:" + address.getPort() + " was closed: Bad file descriptor",
                e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SpawnRequest.builder(List.of("true")).stdout(socket.stdin()));
    }

    @Test
    void fiftySocketsAndTheirServersLeaveNoFd() throws Exception {
        InputPipeTest.warmUp();
        Set<Integer> before = Proc.fds(Proc.SELF);
        for (int i = 0; i < 50; i++) {
            try (ListeningSocket socket = i % 2 == 0
                    ? kernel.listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0)
                    : kernel.listen(tmp.resolve("leak.sock"), 0, 0700, -1, -1)) {
                Child server = server(socket);
                assertEquals("pid " + server.pid(), ask(socket.address()));
                assertEquals(ExitStatus.exited(0), exit(server));
            }
        }
        assertEquals(Set.of(), OpenFds.pipesAndSocketsAdded(before), "fds this JVM kept");
    }

    private static Child server(ListeningSocket socket) throws SpawnException {
        return kernel.spawn(SpawnRequest.builder(List.of("/usr/bin/python3", "-c", ACCEPT_ONCE)).stdin(socket.stdin()).build());
    }

    /** Connects, reads the one line the server sends. */
    private static String ask(SocketAddress address) throws IOException {
        StandardProtocolFamily family = address instanceof UnixDomainSocketAddress ? StandardProtocolFamily.UNIX
                : ((InetSocketAddress) address).getAddress() instanceof java.net.Inet6Address ? StandardProtocolFamily.INET6
                : StandardProtocolFamily.INET;
        try (SocketChannel channel = SocketChannel.open(family)) {
            channel.connect(address);
            try (InputStream in = Channels.newInputStream(channel)) {
                return new String(in.readAllBytes(), StandardCharsets.US_ASCII).strip();
            }
        }
    }

    /** The fields of the one line {@code ss args} prints. */
    private static List<String> ss(String... args) throws Exception {
        Collector out = new Collector();
        Child ss = kernel.spawn(SpawnRequest.builder(List.of("ss", args[0], args[1], args.length > 2 ? args[2] : ""))
                .stdout(Stdio.pipe(out)).build());
        assertEquals(ExitStatus.exited(0), exit(ss));
        List<String> lines = out.text().lines().toList();
        assertEquals(1, lines.size(), String.valueOf(lines));
        return List.of(lines.get(0).trim().split("\\s+"));
    }
}
