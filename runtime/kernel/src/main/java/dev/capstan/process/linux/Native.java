package dev.capstan.process.linux;

import com.kenai.jffi.LastError;
import java.nio.charset.Charset;

/**
 * The constants of the C calls ({@link Libc}) and the errno helpers every caller uses.
 * Constants are the asm-generic values, identical on x86-64 and aarch64.
 */
final class Native {

    static final int O_RDONLY = 0;
    static final int O_WRONLY = 01;
    static final int O_RDWR = 02;
    static final int O_CREAT = 0100;
    static final int O_TRUNC = 01000;
    static final int O_APPEND = 02000;
    static final int O_NONBLOCK = 04000;
    static final int O_CLOEXEC = 02000000;

    static final int F_GETFL = 3;
    static final int F_SETFL = 4;
    static final int F_DUPFD_CLOEXEC = 1030;
    static final int F_SETPIPE_SZ = 1031;

    static final int SEEK_END = 2;
    static final int SPLICE_F_NONBLOCK = 2;

    static final long FIONREAD = 0x541B;

    static final int AF_UNIX = 1;
    static final int AF_INET = 2;
    static final int AF_INET6 = 10;
    static final int SOCK_STREAM = 1;
    static final int SOCK_CLOEXEC = O_CLOEXEC;
    static final int SOL_SOCKET = 1;
    static final int SO_REUSEADDR = 2;
    /** glibc's value since 2.35, which the system caps at net.core.somaxconn. */
    static final int SOMAXCONN = 4096;

    static final int WNOHANG = 1;
    static final int PR_SET_CHILD_SUBREAPER = 36;

    static final int ESRCH = 3;
    static final int ENOENT = 2;
    static final int EINTR = 4;
    static final int EBADF = 9;
    static final int ECHILD = 10;
    static final int EAGAIN = 11;
    static final int EACCES = 13;
    static final int EINVAL = 22;
    static final int ESPIPE = 29;
    static final int EPIPE = 32;

    private Native() {
    }

    /** errno of the last failed call on this thread; read it only right after a -1. */
    static int errno() {
        return LastError.getInstance().get();
    }

    /** The C library's text for an error number, e.g. "No such file or directory". */
    static String strerror(int errno) {
        return new String(Libc.IO.getZeroTerminatedByteArray(Libc.strerror(errno)), Charset.defaultCharset());
    }

    /** @return {@code result} unless it is -1, which becomes a NativeException naming the call */
    static int check(int result, String call) {
        if (result == -1) {
            throw new NativeException(call, errno());
        }
        return result;
    }

    /** Closes an fd this process owns; a failure here means a bookkeeping bug, so it is loud. */
    static void close(int fd) {
        // On Linux the fd is released even when close reports EINTR: retrying could close a
        // descriptor another thread just opened.
        if (Libc.close(fd) == -1 && errno() != EINTR) {
            throw new NativeException("close " + fd, errno());
        }
    }
}
