package dev.capstan.process.linux;


import dev.capstan.process.OutputFile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * An {@link OutputFile} held by its descriptor, opened without O_APPEND (splice(2) refuses such
 * files with EINVAL). Append is done by hand instead: each write and splice first moves the
 * position to the end with {@code lseek}, one cheap call per transfer, so that a file truncated
 * by someone else goes on from its new end. Devices, pipes and terminals cannot seek (ESPIPE)
 * and are written where they are.
 */
final class LinuxOutputFile implements OutputFile {

    private final Path path;
    private final boolean seekable;
    private int fd;
    private long size;

    private LinuxOutputFile(Path path, int fd, boolean seekable, long size) {
        this.path = path;
        this.fd = fd;
        this.seekable = seekable;
        this.size = size;
    }

    static LinuxOutputFile open(Path path) throws IOException {
        int fd = Libc.open(path.toString(), Native.O_WRONLY | Native.O_CREAT | Native.O_CLOEXEC, 0644);
        if (fd == -1) {
            throw failure(Native.errno());
        }
        long end = Libc.lseek(fd, 0, Native.SEEK_END);
        int errno = end == -1 ? Native.errno() : 0;
        if (end == -1 && errno != Native.ESPIPE) {
            Native.close(fd);
            throw failure(errno);
        }
        return new LinuxOutputFile(path, fd, end != -1, Math.max(end, 0));
    }

    @Override
    public void write(ByteBuffer bytes) throws IOException {
        toEnd();
        while (bytes.hasRemaining()) {
            long n = Libc.write(fd, bytes, bytes.remaining());
            if (n == -1) {
                int errno = Native.errno();
                if (errno == Native.EINTR) {
                    continue;
                }
                throw failure(errno);
            }
            bytes.position(bytes.position() + (int) n);
            size += n;
        }
    }

    /**
     * Moves up to {@code n} of the bytes in {@code relay} to the end of this file. The relay holds
     * at least {@code n} bytes and no one else reads it, so a call always moves some.
     *
     * @return the bytes moved, at least 1
     */
    long spliceFrom(int relay, long n) throws IOException {
        toEnd();
        for (;;) {
            long moved = Libc.splice(relay, fd, n, Native.SPLICE_F_NONBLOCK);
            if (moved > 0) {
                size += moved;
                return moved;
            }
            int errno = Native.errno();
            if (moved == 0 || errno == Native.EAGAIN) {
                // An empty or ended relay: its bytes and its write end are the caller's.
                throw new IllegalStateException("the relay holds less than " + n + " bytes");
            }
            if (errno == Native.EINVAL) {
                throw new UnsupportedOperationException(path + ": cannot splice into this file");
            }
            if (errno != Native.EINTR) {
                throw failure(errno);
            }
        }
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public void truncate() throws IOException {
        if (Libc.ftruncate(fd, 0) == -1) {
            throw failure(Native.errno());
        }
        size = 0;
    }

    @Override
    public void close() {
        if (fd != -1) {
            // The descriptor is released whatever close reports. An I/O error it reports is about
            // bytes handed over earlier (deferred writeback, NFS) and nothing can be done about
            // it here; only EBADF would be a bookkeeping bug.
            if (Libc.close(fd) == -1 && Native.errno() == Native.EBADF) {
                throw new NativeException("close " + fd, Native.EBADF);
            }
            fd = -1;
        }
    }

    @Override
    public String toString() {
        return path.toString();
    }

    private void toEnd() throws IOException {
        if (seekable) {
            long end = Libc.lseek(fd, 0, Native.SEEK_END);
            if (end == -1) {
                throw failure(Native.errno());
            }
            size = end;
        }
    }

    /** The system's reason alone: the caller knows which file it was. */
    private static IOException failure(int errno) {
        return new IOException(Native.strerror(errno));
    }
}
