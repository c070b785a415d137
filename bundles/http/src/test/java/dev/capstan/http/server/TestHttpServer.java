package dev.capstan.http.server;

import dev.capstan.http.HttpEndpoint;
import dev.capstan.http.Tier;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The real server for tests, here and in other modules (the test-jar): the real socket file, the
 * real access rules, endpoints registered directly instead of through the whiteboard.
 */
public final class TestHttpServer implements AutoCloseable {
    private final Routes routes = new Routes();
    private final List<HttpServer> servers = new ArrayList<>();
    private final Limits limits;
    private long ids;
    private Path socket;
    private HttpServer unix;
    private HttpServer tcp;
    private int port;

    private TestHttpServer(Limits limits) {
        this.limits = limits;
    }

    /** The default limits but short deadlines, so slow-client tests take a second, not ten. */
    public static TestHttpServer create() {
        return new TestHttpServer(new Limits(8 * 1024, 32 * 1024, 100, 1024 * 1024, 1000, 2000, 2000, 2000, 64, 500));
    }

    /** Fewer connections and followers sooner. */
    public static TestHttpServer withConnections(int connections) {
        return new TestHttpServer(new Limits(8 * 1024, 32 * 1024, 100, 1024 * 1024, 1000, 2000, 2000, 2000, connections, 300));
    }

    public TestHttpServer endpoint(String path, Tier tier, HttpEndpoint endpoint) {
        routes.add(new Route(path, tier, endpoint, 0, ++ids));
        return this;
    }

    /**
     * Listens on {@code socket} as Capstan does (mode 0600 unless {@code mode} says otherwise).
     *
     * @param everyoneOperator true to treat even root as an operator, for tests that cannot switch users
     */
    public TestHttpServer unix(Path socket, int mode, String username, String password, boolean everyoneOperator)
            throws IOException {
        this.socket = socket;
        Credentials credentials = username == null ? null : new Credentials(username, password);
        UnixSocketSettings settings = new UnixSocketSettings(socket, mode, null, null, credentials);
        if (everyoneOperator) {
            UnixSocketFile file = UnixSocketFile.bind(settings, limits.connections());
            unix = new HttpServer("unix://" + socket, file.channel(), Access.unix(Set.<UserPrincipal>of(), credentials),
                    routes, limits, "capstan-http").start();
        } else {
            unix = UnixHttpServer.start(settings, routes, limits);
        }
        servers.add(unix);
        return this;
    }

    public TestHttpServer unix(Path socket) throws IOException {
        return unix(socket, 0600, null, null, false);
    }

    /** Listens on 127.0.0.1 and a free port. */
    public TestHttpServer tcp(String username, String password) throws IOException {
        Credentials credentials = username == null ? null : new Credentials(username, password);
        tcp = InetHttpServer.start(new InetSettings("127.0.0.1", 0, credentials), routes, limits);
        port = Integer.parseInt(tcp.toString().substring(tcp.toString().lastIndexOf(':') + 1));
        servers.add(tcp);
        return this;
    }

    public Path socket() {
        return socket;
    }

    public int port() {
        return port;
    }

    public InetSocketAddress tcpAddress() {
        return new InetSocketAddress("127.0.0.1", port);
    }

    /** Connections open on the Unix listener. */
    public int unixConnections() {
        return unix.connections();
    }

    @Override
    public void close() throws IOException {
        for (HttpServer s : servers) {
            s.close();
        }
        if (socket != null) {
            java.nio.file.Files.deleteIfExists(socket);
        }
    }
}
