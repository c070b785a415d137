package dev.capstan.process.linux;

import static dev.capstan.process.linux.Libc.IO;

import dev.capstan.process.ListeningSocket;
import dev.capstan.process.Stdio;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Set;

/**
 * A listening stream socket made with socket, bind and listen as supervisord's socket manager
 * makes it (supervisor/datatypes.py, {@code InetStreamSocketConfig} and
 * {@code UnixStreamSocketConfig}): TCP with {@code SO_REUSEADDR}; a Unix socket with the stale file
 * of an earlier run removed first, then chown and chmod. Unlike supervisord it removes only a
 * socket, never a file of another kind that happens to be at the path, and no one else can
 * connect before the chmod: Linux creates a Unix socket's file with the mode of the socket itself
 * (less the umask), which an fchmod before bind makes 0600, without the process-wide umask.
 * Held by a {@link HeldFd}.
 */
final class LinuxListeningSocket implements ListeningSocket {

    /** Room for any {@code struct sockaddr} used here (sockaddr_un is the largest, 110 bytes). */
    private static final int SOCKADDR_SIZE = 128;
    /** {@code sun_path}'s size, its terminating NUL included. */
    private static final int UNIX_PATH_MAX = 108;
    private static final int S_IFMT = 0170000;
    private static final int S_IFSOCK = 0140000;

    private final HeldFd socket;
    private final SocketAddress address;

    private LinuxListeningSocket(HeldFd socket, SocketAddress address) {
        this.socket = socket;
        this.address = address;
    }

    /** @param open the kernel's set of held fds */
    static LinuxListeningSocket tcp(InetSocketAddress address, int backlog, Set<HeldFd> open) throws IOException {
        if (address.isUnresolved()) {
            throw new IllegalArgumentException(address + ": unresolved");
        }
        checkBacklog(backlog);
        InetAddress ip = address.getAddress();
        String url = url(ip, address.getPort());
        int fd = socket(ip instanceof Inet4Address ? Native.AF_INET : Native.AF_INET6, url);
        long sockaddr = IO.allocateMemory(SOCKADDR_SIZE, true);
        try {
            if (Libc.setsockopt(fd, Native.SOL_SOCKET, Native.SO_REUSEADDR, 1) == -1) {
                throw failure(fd, url, "setsockopt SO_REUSEADDR", null);
            }
            if (Libc.bind(fd, sockaddr, inet(sockaddr, ip, address.getPort())) == -1) {
                throw failure(fd, url, "bind", null);
            }
            listen(fd, backlog, url, null);
            int port = boundPort(fd, sockaddr, url);
            return new LinuxListeningSocket(new HeldFd(fd, "socket " + url(ip, port), true, open),
                    new InetSocketAddress(ip, port));
        } finally {
            IO.freeMemory(sockaddr);
        }
    }

    /** @param open the kernel's set of held fds */
    static LinuxListeningSocket unix(Path path, int backlog, int mode, int uid, int gid, Set<HeldFd> open)
            throws IOException {
        if (!path.isAbsolute()) {
            throw new IllegalArgumentException(path + ": not an absolute path");
        }
        checkBacklog(backlog);
        if (mode < 0 || mode > 07777) {
            throw new IllegalArgumentException("mode " + Integer.toOctalString(mode) + ": not in 0-7777");
        }
        String url = "unix://" + path;
        byte[] name = path.toString().getBytes(Charset.defaultCharset());
        if (name.length >= UNIX_PATH_MAX) {
            throw new IOException(url + ": longer than the " + (UNIX_PATH_MAX - 1) + " bytes a Unix socket path may have");
        }
        removeStaleSocket(path, url);
        int fd = socket(Native.AF_UNIX, url);
        long sockaddr = IO.allocateMemory(SOCKADDR_SIZE, true);
        try {
            IO.putShort(sockaddr, (short) Native.AF_UNIX);
            IO.putByteArray(sockaddr + 2, name, 0, name.length); // the NUL is there: the memory was cleared
            if (Libc.fchmod(fd, 0600) == -1) {
                throw failure(fd, url, "fchmod", null);
            }
            if (Libc.bind(fd, sockaddr, 2 + name.length + 1) == -1) {
                throw failure(fd, url, "bind", null);
            }
            if ((uid != -1 || gid != -1) && Libc.chown(path.toString(), uid, gid) == -1) {
                throw failure(fd, url, "chown " + uid + ":" + gid, path);
            }
            if (Libc.chmod(path.toString(), mode) == -1) {
                throw failure(fd, url, "chmod " + Integer.toOctalString(mode), path);
            }
            listen(fd, backlog, url, path);
            return new LinuxListeningSocket(new HeldFd(fd, "socket " + url, true, open), UnixDomainSocketAddress.of(path));
        } finally {
            IO.freeMemory(sockaddr);
        }
    }

    @Override
    public Stdio.Held stdin() {
        return socket;
    }

    @Override
    public SocketAddress address() {
        return address;
    }

    @Override
    public void close() {
        socket.close();
    }

    @Override
    public String toString() {
        return socket.toString();
    }

    /** As supervisord writes a TCP socket's address, IPv6 in brackets. */
    private static String url(InetAddress ip, int port) {
        String host = ip.getHostAddress();
        return "tcp://" + (ip instanceof Inet6Address ? "[" + host + "]" : host) + ":" + port;
    }

    private static int socket(int family, String url) throws IOException {
        int fd = Libc.socket(family, Native.SOCK_STREAM | Native.SOCK_CLOEXEC, 0);
        if (fd == -1) {
            throw new IOException(url + ": socket: " + Native.strerror(Native.errno()));
        }
        return fd;
    }

    private static void checkBacklog(int backlog) {
        if (backlog < 0) {
            throw new IllegalArgumentException("backlog " + backlog + ": negative");
        }
    }

    private static void listen(int fd, int backlog, String url, Path file) throws IOException {
        if (Libc.listen(fd, backlog == 0 ? Native.SOMAXCONN : backlog) == -1) {
            throw failure(fd, url, "listen", file);
        }
    }

    /**
     * A socket at the path is what an earlier run left (supervisord removes whatever is there, as
     * bind would fail with EADDRINUSE); a file of another kind is someone's and is kept.
     */
    private static void removeStaleSocket(Path path, String url) throws IOException {
        int type;
        try {
            type = (Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS) & S_IFMT;
        } catch (NoSuchFileException e) {
            return;
        } catch (IOException e) {
            throw new IOException(url + ": " + e, e);
        }
        if (type != S_IFSOCK) {
            throw new IOException(url + ": the path exists and is not a socket");
        }
        Files.deleteIfExists(path);
    }

    /** Writes a sockaddr_in or sockaddr_in6; returns its length. */
    private static int inet(long sockaddr, InetAddress ip, int port) {
        byte[] raw = ip.getAddress(); // network byte order
        IO.putByte(sockaddr + 2, (byte) (port >> 8));
        IO.putByte(sockaddr + 3, (byte) port);
        if (ip instanceof Inet6Address v6) {
            IO.putShort(sockaddr, (short) Native.AF_INET6);
            IO.putByteArray(sockaddr + 8, raw, 0, raw.length);
            IO.putInt(sockaddr + 24, v6.getScopeId());
            return 28;
        }
        IO.putShort(sockaddr, (short) Native.AF_INET);
        IO.putByteArray(sockaddr + 4, raw, 0, raw.length);
        return 16;
    }

    /** The port the socket is bound to, which the system chose when port 0 was asked for. */
    private static int boundPort(int fd, long sockaddr, String url) throws IOException {
        long length = IO.allocateMemory(Integer.BYTES, false);
        try {
            IO.putInt(length, SOCKADDR_SIZE);
            if (Libc.getsockname(fd, sockaddr, length) == -1) {
                throw failure(fd, url, "getsockname", null);
            }
            return (IO.getByte(sockaddr + 2) & 0xff) << 8 | IO.getByte(sockaddr + 3) & 0xff;
        } finally {
            IO.freeMemory(length);
        }
    }

    /** Reads errno, closes the socket and removes its file, and says which call failed why. */
    private static IOException failure(int fd, String url, String call, Path file) throws IOException {
        String reason = Native.strerror(Native.errno());
        Native.close(fd);
        if (file != null) {
            Files.deleteIfExists(file);
        }
        return new IOException(url + ": " + call + ": " + reason);
    }
}
