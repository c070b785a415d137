package dev.capstan.process.linux;

import java.nio.ByteBuffer;
import jnr.ffi.Pointer;
import jnr.ffi.annotations.In;
import jnr.ffi.annotations.Out;
import jnr.ffi.byref.NumberByReference;

/**
 * Exactly the C library calls the kernel makes, bound by jnr-ffi. jnr-posix's own binding covers
 * some 300 functions and takes 0.3 to 0.6 s to generate at boot, most of a container's start; this
 * one is a tenth of that. Each call returns what the C function returns: -1 with errno set
 * ({@link Native#errno()}), except {@code posix_spawn*}, which return the error number itself.
 * Public only because jnr-ffi generates the implementation in its own class loader; the package
 * is not exported to bundles.
 */
public interface Syscalls {

    /** @param argv and {@code envp}: NULL-terminated arrays of C strings ({@link NativeStringArray}) */
    int posix_spawnp(@Out NumberByReference pid, @In CharSequence file, Pointer fileActions, Pointer attr,
            Pointer argv, Pointer envp);

    int posix_spawnattr_init(Pointer attr);

    int posix_spawnattr_destroy(Pointer attr);

    int posix_spawnattr_setflags(Pointer attr, short flags);

    int posix_spawnattr_setsigmask(Pointer attr, Pointer sigset);

    int posix_spawnattr_setsigdefault(Pointer attr, Pointer sigset);

    int posix_spawn_file_actions_init(Pointer actions);

    int posix_spawn_file_actions_destroy(Pointer actions);

    int posix_spawn_file_actions_adddup2(Pointer actions, int fd, int newfd);

    int posix_spawn_file_actions_addclose(Pointer actions, int fd);

    /** glibc 2.34: close every fd from {@code from} up in the child. */
    int posix_spawn_file_actions_addclosefrom_np(Pointer actions, int from);

    /** glibc 2.29: chdir in the child before exec. */
    int posix_spawn_file_actions_addchdir_np(Pointer actions, @In CharSequence path);

    int waitpid(int pid, @Out int[] status, int options);

    int kill(int pid, int signal);

    int getpid();

    int umask(int mask);

    /** {@code prctl(2)}; used for PR_SET_CHILD_SUBREAPER. */
    int prctl(int option, long arg2, long arg3, long arg4, long arg5);

    int open(@In CharSequence path, int flags, int mode);

    /** The three-argument form; the third is ignored by the commands that take none. */
    int fcntl(int fd, int command, int arg);

    int read(int fd, @Out ByteBuffer buffer, int count);

    int write(int fd, @In byte[] buffer, int count);

    /** From the buffer's position, like {@link #read}. */
    long write(int fd, @In ByteBuffer buffer, long count);

    long lseek(int fd, long offset, int whence);

    int ftruncate(int fd, long length);

    /**
     * {@code splice(2)}: moves bytes between a pipe and another fd inside the kernel. A null
     * offset means the fd's own file position, which splice then advances.
     */
    long splice(int fdIn, Pointer offsetIn, int fdOut, Pointer offsetOut, long length, int flags);

    int close(int fd);

    /** {@code pipe2(2)}: plain {@code pipe()} fds would leak into a concurrent spawn. */
    int pipe2(@Out int[] fds, int flags);

    int epoll_create1(int flags);

    /** @param event a {@code struct epoll_event} laid out in ints (see {@link Epoll}) */
    int epoll_ctl(int epfd, int op, int fd, @In int[] event);

    int epoll_wait(int epfd, Pointer events, int maxEvents, int timeoutMillis);
}
