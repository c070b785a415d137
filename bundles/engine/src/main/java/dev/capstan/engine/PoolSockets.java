package dev.capstan.engine;

import dev.capstan.api.SocketSpec;
import dev.capstan.process.ListeningSocket;
import dev.capstan.process.ProcessKernel;
import dev.capstan.process.Stdio;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Map;

/**
 * The listening sockets of {@code [fcgi-program:x]} pools, as supervisord keeps them: made when
 * the first process of a pool starts, given to each of its processes as stdin, closed when the
 * last one has been reaped, so that while none runs, connections are refused. Processes whose
 * specs name the same socket share one. Used on the engine thread only.
 */
final class PoolSockets {

    private record Pool(ListeningSocket socket, int processes) {
    }

    private final ProcessKernel kernel;
    private final Map<SocketSpec, Pool> pools = new HashMap<>();

    PoolSockets(ProcessKernel kernel) {
        this.kernel = kernel;
    }

    /**
     * The socket as a process's stdin, made if no process of the pool runs; each call is
     * matched by one {@link #release}.
     *
     * @throws IOException naming the address and the system's reason (e.g. bind: Address already in use)
     */
    Stdio.Held acquire(SocketSpec spec) throws IOException {
        Pool pool = pools.get(spec);
        ListeningSocket socket = pool != null ? pool.socket() : listen(spec);
        pools.put(spec, new Pool(socket, pool == null ? 1 : pool.processes() + 1));
        return socket.stdin();
    }

    /** A process of the pool was reaped (or never spawned); the last one closes the socket. */
    void release(SocketSpec spec) {
        Pool pool = pools.get(spec);
        if (pool == null) {
            return;
        }
        if (pool.processes() > 1) {
            pools.put(spec, new Pool(pool.socket(), pool.processes() - 1));
        } else {
            pools.remove(spec);
            pool.socket().close();
        }
    }

    private ListeningSocket listen(SocketSpec spec) throws IOException {
        if (spec.isUnix()) {
            return kernel.listen(spec.path(), spec.backlog(), spec.mode(), spec.uid(), spec.gid());
        }
        return kernel.listen(new InetSocketAddress(ipv4(spec.host()), spec.port()), spec.backlog());
    }

    /** supervisord binds an AF_INET socket: the host's first IPv4 address. */
    private static InetAddress ipv4(String host) throws IOException {
        for (InetAddress a : InetAddress.getAllByName(host)) {
            if (a instanceof Inet4Address) {
                return a;
            }
        }
        throw new IOException(host + ": no IPv4 address");
    }
}
