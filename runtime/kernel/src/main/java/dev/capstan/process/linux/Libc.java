package dev.capstan.process.linux;

import com.kenai.jffi.CallContext;
import com.kenai.jffi.CallingConvention;
import com.kenai.jffi.Invoker;
import com.kenai.jffi.Library;
import com.kenai.jffi.MemoryIO;
import com.kenai.jffi.Platform;
import com.kenai.jffi.Type;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;

/**
 * Exactly the C library calls the kernel makes, called through jffi, the JNI layer under jnr-ffi.
 * jnr-ffi generates an implementation of an annotated interface at boot, with ASM, its x86
 * assembler and hundreds of classes of its own (docs/decisions.md, "Libc through jffi";
 * BENCHMARKS.md has the cost). Here each function is its address and a call context made once,
 * and each call is one JNI call into jffi's stub, which goes straight to the function when all
 * arguments are ints or all are words, and through libffi otherwise.
 *
 * <p>Each method returns what the C function returns: -1 with errno set ({@link Native#errno()}),
 * except {@code posix_spawn*}, which return the error number itself. A pointer is a {@code long}
 * address of native memory from {@link #IO}. The few calls that take a Java array or string copy
 * it to native memory and back around the call. 64-bit Linux only: a C {@code int} is passed in
 * the low half of a word, a {@code long} or pointer in the whole word.
 */
final class Libc {

    static final MemoryIO IO = MemoryIO.getInstance();
    static final int ADDRESS_SIZE = 8;

    private static final Invoker INVOKER = Invoker.getInstance();
    private static final Library C = libc();

    private static final Type INT = Type.SINT;
    private static final Type LONG = Type.SLONG;
    private static final Type PTR = Type.POINTER;

    private static final Call POSIX_SPAWNP = bind("posix_spawnp", INT, PTR, PTR, PTR, PTR, PTR, PTR);
    private static final Call SPAWNATTR_INIT = bind("posix_spawnattr_init", INT, PTR);
    private static final Call SPAWNATTR_DESTROY = bind("posix_spawnattr_destroy", INT, PTR);
    private static final Call SPAWNATTR_SETFLAGS = bind("posix_spawnattr_setflags", INT, PTR, Type.SSHORT);
    private static final Call SPAWNATTR_SETSIGMASK = bind("posix_spawnattr_setsigmask", INT, PTR, PTR);
    private static final Call SPAWNATTR_SETSIGDEFAULT = bind("posix_spawnattr_setsigdefault", INT, PTR, PTR);
    private static final Call ACTIONS_INIT = bind("posix_spawn_file_actions_init", INT, PTR);
    private static final Call ACTIONS_DESTROY = bind("posix_spawn_file_actions_destroy", INT, PTR);
    private static final Call ACTIONS_ADDDUP2 = bind("posix_spawn_file_actions_adddup2", INT, PTR, INT, INT);
    private static final Call ACTIONS_ADDCLOSE = bind("posix_spawn_file_actions_addclose", INT, PTR, INT);
    /** glibc 2.34: close every fd from a floor up in the child. */
    private static final Call ACTIONS_ADDCLOSEFROM = bind("posix_spawn_file_actions_addclosefrom_np", INT, PTR, INT);
    /** glibc 2.29: chdir in the child before exec. */
    private static final Call ACTIONS_ADDCHDIR = bind("posix_spawn_file_actions_addchdir_np", INT, PTR, PTR);
    private static final Call WAITPID = bind("waitpid", INT, INT, PTR, INT);
    private static final Call KILL = bind("kill", INT, INT, INT);
    private static final Call GETPID = bind("getpid", INT);
    private static final Call UMASK = bind("umask", Type.UINT, Type.UINT);
    private static final Call PRCTL = bind("prctl", INT, INT, LONG, LONG, LONG, LONG);
    /** Variadic in C, called with its three arguments fixed: the mode is read only with O_CREAT. */
    private static final Call OPEN = bind("open", INT, PTR, INT, INT);
    /** Variadic in C; the three-int form, whose third is ignored by the commands that take none. */
    private static final Call FCNTL = bind("fcntl", INT, INT, INT, INT);
    private static final Call READ = bind("read", LONG, INT, PTR, LONG);
    private static final Call WRITE = bind("write", LONG, INT, PTR, LONG);
    private static final Call LSEEK = bind("lseek", LONG, INT, LONG, INT);
    private static final Call FTRUNCATE = bind("ftruncate", INT, INT, LONG);
    private static final Call SPLICE = bind("splice", LONG, INT, PTR, INT, PTR, LONG, Type.UINT);
    private static final Call CLOSE = bind("close", INT, INT);
    private static final Call PIPE2 = bind("pipe2", INT, PTR, INT);
    private static final Call EPOLL_CREATE1 = bind("epoll_create1", INT, INT);
    private static final Call EPOLL_CTL = bind("epoll_ctl", INT, INT, INT, INT, PTR);
    private static final Call EPOLL_WAIT = bind("epoll_wait", INT, INT, PTR, INT, INT);
    private static final Call STRERROR = bind("strerror", PTR, INT);
    /** Variadic in C; only FIONREAD is used, whose argument is an {@code int *}. */
    private static final Call IOCTL = bind("ioctl", INT, INT, Type.ULONG, PTR);
    private static final Call SIGACTION = bind("sigaction", INT, INT, PTR, PTR);
    private static final Call SOCKET = bind("socket", INT, INT, INT, INT);
    private static final Call SETSOCKOPT = bind("setsockopt", INT, INT, INT, INT, PTR, Type.UINT);
    private static final Call BIND = bind("bind", INT, INT, PTR, Type.UINT);
    private static final Call LISTEN = bind("listen", INT, INT, INT);
    private static final Call GETSOCKNAME = bind("getsockname", INT, INT, PTR, PTR);
    private static final Call CHOWN = bind("chown", INT, PTR, Type.UINT, Type.UINT);
    private static final Call CHMOD = bind("chmod", INT, PTR, Type.UINT);
    private static final Call FCHMOD = bind("fchmod", INT, INT, Type.UINT);
    private static final Call INOTIFY_INIT1 = bind("inotify_init1", INT, INT);
    private static final Call INOTIFY_ADD_WATCH = bind("inotify_add_watch", INT, INT, PTR, Type.UINT);
    private static final Call INOTIFY_RM_WATCH = bind("inotify_rm_watch", INT, INT, INT);

    /** A function of the C library and how to call it. */
    private record Call(CallContext context, long address) {
    }

    private Libc() {
    }

    /** The symbols of the process, the C library's among them. */
    private static Library libc() {
        if (Platform.getPlatform().addressSize() != Long.SIZE) {
            throw new UnsatisfiedLinkError("the process kernel needs a 64-bit C library");
        }
        return Library.getDefault();
    }

    /** Fails at class initialisation when a function is missing: there is no fallback. */
    private static Call bind(String symbol, Type result, Type... parameters) {
        long address = C.getSymbolAddress(symbol);
        if (address == 0) {
            throw new UnsatisfiedLinkError("the C library has no " + symbol + " (glibc 2.34 or later is needed)");
        }
        return new Call(CallContext.getCallContext(result, parameters, CallingConvention.DEFAULT, true), address);
    }

    /** @param pid where the child's pid is written; {@code file} is a C string, argv and envp arrays of them */
    static int posix_spawnp(long pid, long file, long actions, long attr, long argv, long envp) {
        return (int) INVOKER.invokeN6(POSIX_SPAWNP.context, POSIX_SPAWNP.address, pid, file, actions, attr, argv, envp);
    }

    static int posix_spawnattr_init(long attr) {
        return (int) INVOKER.invokeN1(SPAWNATTR_INIT.context, SPAWNATTR_INIT.address, attr);
    }

    static int posix_spawnattr_destroy(long attr) {
        return (int) INVOKER.invokeN1(SPAWNATTR_DESTROY.context, SPAWNATTR_DESTROY.address, attr);
    }

    static int posix_spawnattr_setflags(long attr, short flags) {
        return (int) INVOKER.invokeN2(SPAWNATTR_SETFLAGS.context, SPAWNATTR_SETFLAGS.address, attr, flags);
    }

    static int posix_spawnattr_setsigmask(long attr, long sigset) {
        return (int) INVOKER.invokeN2(SPAWNATTR_SETSIGMASK.context, SPAWNATTR_SETSIGMASK.address, attr, sigset);
    }

    static int posix_spawnattr_setsigdefault(long attr, long sigset) {
        return (int) INVOKER.invokeN2(SPAWNATTR_SETSIGDEFAULT.context, SPAWNATTR_SETSIGDEFAULT.address, attr, sigset);
    }

    static int posix_spawn_file_actions_init(long actions) {
        return (int) INVOKER.invokeN1(ACTIONS_INIT.context, ACTIONS_INIT.address, actions);
    }

    static int posix_spawn_file_actions_destroy(long actions) {
        return (int) INVOKER.invokeN1(ACTIONS_DESTROY.context, ACTIONS_DESTROY.address, actions);
    }

    static int posix_spawn_file_actions_adddup2(long actions, int fd, int newfd) {
        return (int) INVOKER.invokeN3(ACTIONS_ADDDUP2.context, ACTIONS_ADDDUP2.address, actions, fd, newfd);
    }

    static int posix_spawn_file_actions_addclose(long actions, int fd) {
        return (int) INVOKER.invokeN2(ACTIONS_ADDCLOSE.context, ACTIONS_ADDCLOSE.address, actions, fd);
    }

    static int posix_spawn_file_actions_addclosefrom_np(long actions, int from) {
        return (int) INVOKER.invokeN2(ACTIONS_ADDCLOSEFROM.context, ACTIONS_ADDCLOSEFROM.address, actions, from);
    }

    /** glibc copies the path into the actions, so it is freed on return. */
    static int posix_spawn_file_actions_addchdir_np(long actions, String path) {
        long cPath = cString(path);
        try {
            return (int) INVOKER.invokeN2(ACTIONS_ADDCHDIR.context, ACTIONS_ADDCHDIR.address, actions, cPath);
        } finally {
            IO.freeMemory(cPath);
        }
    }

    /** @param status where the wait status is written: native memory of at least 4 bytes */
    static int waitpid(int pid, long status, int options) {
        return (int) INVOKER.invokeN3(WAITPID.context, WAITPID.address, pid, status, options);
    }

    static int kill(int pid, int signal) {
        return INVOKER.invokeI2(KILL.context, KILL.address, pid, signal);
    }

    static int getpid() {
        return INVOKER.invokeI0(GETPID.context, GETPID.address);
    }

    static int umask(int mask) {
        return INVOKER.invokeI1(UMASK.context, UMASK.address, mask);
    }

    /** {@code prctl(2)}; used for PR_SET_CHILD_SUBREAPER. */
    static int prctl(int option, long arg2, long arg3, long arg4, long arg5) {
        return (int) INVOKER.invokeN5(PRCTL.context, PRCTL.address, option, arg2, arg3, arg4, arg5);
    }

    static int open(String path, int flags, int mode) {
        long cPath = cString(path);
        try {
            return (int) INVOKER.invokeN3(OPEN.context, OPEN.address, cPath, flags, mode);
        } finally {
            IO.freeMemory(cPath);
        }
    }

    static int fcntl(int fd, int command, int arg) {
        return INVOKER.invokeI3(FCNTL.context, FCNTL.address, fd, command, arg);
    }

    /** Reads into a direct buffer from its position, at most {@code count} bytes. */
    static int read(int fd, ByteBuffer buffer, int count) {
        return (int) read(fd, address(buffer) + buffer.position(), count);
    }

    private static long read(int fd, long buffer, long count) {
        return INVOKER.invokeN3(READ.context, READ.address, fd, buffer, count);
    }

    /** Writes from the buffer's position, direct or not, at most {@code count} bytes. */
    static long write(int fd, ByteBuffer buffer, long count) {
        if (buffer.isDirect()) {
            return write(fd, address(buffer) + buffer.position(), count);
        }
        int n = (int) Math.min(count, buffer.remaining());
        long copy = IO.allocateMemory(Math.max(n, 1), false);
        try {
            if (buffer.hasArray()) {
                IO.putByteArray(copy, buffer.array(), buffer.arrayOffset() + buffer.position(), n);
            } else { // read-only
                byte[] bytes = new byte[n];
                buffer.duplicate().get(bytes);
                IO.putByteArray(copy, bytes, 0, n);
            }
            return write(fd, copy, n);
        } finally {
            IO.freeMemory(copy);
        }
    }

    private static long write(int fd, long buffer, long count) {
        return INVOKER.invokeN3(WRITE.context, WRITE.address, fd, buffer, count);
    }

    static long lseek(int fd, long offset, int whence) {
        return INVOKER.invokeN3(LSEEK.context, LSEEK.address, fd, offset, whence);
    }

    static int ftruncate(int fd, long length) {
        return (int) INVOKER.invokeN2(FTRUNCATE.context, FTRUNCATE.address, fd, length);
    }

    /**
     * {@code splice(2)}: moves bytes between a pipe and another fd inside the kernel, each at its
     * own file position, which splice then advances (the offset pointers are NULL).
     */
    static long splice(int fdIn, int fdOut, long length, int flags) {
        return INVOKER.invokeN6(SPLICE.context, SPLICE.address, fdIn, 0L, fdOut, 0L, length, flags);
    }

    static int close(int fd) {
        return INVOKER.invokeI1(CLOSE.context, CLOSE.address, fd);
    }

    /** {@code pipe2(2)}: plain {@code pipe()} fds would leak into a concurrent spawn. */
    static int pipe2(int[] fds, int flags) {
        long pair = IO.allocateMemory(2 * Integer.BYTES, false);
        try {
            int rc = (int) INVOKER.invokeN2(PIPE2.context, PIPE2.address, pair, flags);
            if (rc == 0) {
                IO.getIntArray(pair, fds, 0, 2);
            }
            return rc;
        } finally {
            IO.freeMemory(pair);
        }
    }

    static int epoll_create1(int flags) {
        return INVOKER.invokeI1(EPOLL_CREATE1.context, EPOLL_CREATE1.address, flags);
    }

    /** @param event a {@code struct epoll_event} laid out in ints (see {@link Epoll}) */
    static int epoll_ctl(int epfd, int op, int fd, int[] event) {
        long buffer = IO.allocateMemory((long) event.length * Integer.BYTES, false);
        try {
            IO.putIntArray(buffer, event, 0, event.length);
            return (int) INVOKER.invokeN4(EPOLL_CTL.context, EPOLL_CTL.address, epfd, op, fd, buffer);
        } finally {
            IO.freeMemory(buffer);
        }
    }

    static int epoll_wait(int epfd, long events, int maxEvents, int timeoutMillis) {
        return (int) INVOKER.invokeN4(EPOLL_WAIT.context, EPOLL_WAIT.address, epfd, events, maxEvents, timeoutMillis);
    }

    /** glibc's strerror is thread-safe since 2.32: a table for known numbers, a per-thread buffer else. */
    static long strerror(int errno) {
        return INVOKER.invokeN1(STRERROR.context, STRERROR.address, errno);
    }

    /** {@code ioctl(fd, FIONREAD, &n)}: the bytes waiting in a pipe; -1 with errno on failure. */
    static int bytesReadable(int fd) {
        long n = IO.allocateMemory(Integer.BYTES, false);
        try {
            int rc = (int) INVOKER.invokeN3(IOCTL.context, IOCTL.address, fd, Native.FIONREAD, n);
            return rc == -1 ? -1 : IO.getInt(n);
        } finally {
            IO.freeMemory(n);
        }
    }

    /**
     * @param action a {@code struct sigaction} to install, or 0 to only query
     * @param old    where the current one is written, or 0
     */
    static int sigaction(int signal, long action, long old) {
        return (int) INVOKER.invokeN3(SIGACTION.context, SIGACTION.address, signal, action, old);
    }

    static int socket(int domain, int type, int protocol) {
        return INVOKER.invokeI3(SOCKET.context, SOCKET.address, domain, type, protocol);
    }

    /** For options whose value is an {@code int}. */
    static int setsockopt(int fd, int level, int option, int value) {
        long v = IO.allocateMemory(Integer.BYTES, false);
        try {
            IO.putInt(v, value);
            return (int) INVOKER.invokeN5(SETSOCKOPT.context, SETSOCKOPT.address, fd, level, option, v, Integer.BYTES);
        } finally {
            IO.freeMemory(v);
        }
    }

    /** @param address a {@code struct sockaddr} of {@code length} bytes */
    static int bind(int fd, long address, int length) {
        return (int) INVOKER.invokeN3(BIND.context, BIND.address, fd, address, length);
    }

    static int listen(int fd, int backlog) {
        return INVOKER.invokeI2(LISTEN.context, LISTEN.address, fd, backlog);
    }

    /**
     * @param address where the socket's {@code struct sockaddr} is written
     * @param length  in: the room at {@code address}; out: the address's length ({@code socklen_t *})
     */
    static int getsockname(int fd, long address, long length) {
        return (int) INVOKER.invokeN3(GETSOCKNAME.context, GETSOCKNAME.address, fd, address, length);
    }

    /** @param uid -1 keeps the owner; {@code gid} likewise */
    static int chown(String path, int uid, int gid) {
        long cPath = cString(path);
        try {
            return (int) INVOKER.invokeN3(CHOWN.context, CHOWN.address, cPath, uid, gid);
        } finally {
            IO.freeMemory(cPath);
        }
    }

    static int chmod(String path, int mode) {
        long cPath = cString(path);
        try {
            return (int) INVOKER.invokeN2(CHMOD.context, CHMOD.address, cPath, mode);
        } finally {
            IO.freeMemory(cPath);
        }
    }

    static int fchmod(int fd, int mode) {
        return INVOKER.invokeI2(FCHMOD.context, FCHMOD.address, fd, mode);
    }

    static int inotify_init1(int flags) {
        return INVOKER.invokeI1(INOTIFY_INIT1.context, INOTIFY_INIT1.address, flags);
    }

    /** @return the watch descriptor, the same one for a path already watched by {@code fd} */
    static int inotify_add_watch(int fd, String path, int mask) {
        long cPath = cString(path);
        try {
            return (int) INVOKER.invokeN3(INOTIFY_ADD_WATCH.context, INOTIFY_ADD_WATCH.address, fd, cPath, mask);
        } finally {
            IO.freeMemory(cPath);
        }
    }

    static int inotify_rm_watch(int fd, int wd) {
        return INVOKER.invokeI2(INOTIFY_RM_WATCH.context, INOTIFY_RM_WATCH.address, fd, wd);
    }

    /** {@code s} as a NUL-terminated C string in new native memory, which the caller frees. */
    private static long cString(String s) {
        byte[] bytes = s.getBytes(Charset.defaultCharset());
        long c = IO.allocateMemory(bytes.length + 1L, false);
        IO.putByteArray(c, bytes, 0, bytes.length);
        IO.putByte(c + bytes.length, (byte) 0);
        return c;
    }

    private static long address(ByteBuffer buffer) {
        if (!buffer.isDirect()) {
            throw new IllegalArgumentException("not a direct buffer");
        }
        return IO.getDirectBufferAddress(buffer);
    }
}
