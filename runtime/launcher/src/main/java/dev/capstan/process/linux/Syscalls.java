package dev.capstan.process.linux;

import jnr.ffi.Pointer;
import jnr.ffi.annotations.In;
import jnr.ffi.annotations.Out;

/**
 * The glibc calls jnr-posix 3.2.5 does not bind. Each returns what the C function returns:
 * -1 with errno set, except the {@code posix_spawn_file_actions_*} calls, which return the
 * error number itself. Public only because jnr-ffi generates the implementation in its own
 * class loader; the package is not exported to bundles.
 */
public interface Syscalls {

    /** {@code prctl(2)}; used for PR_SET_CHILD_SUBREAPER. */
    int prctl(int option, long arg2, long arg3, long arg4, long arg5);

    /** {@code pipe2(2)}: plain {@code pipe()} fds would leak into a concurrent spawn. */
    int pipe2(@Out int[] fds, int flags);

    /** glibc 2.34: close every fd from {@code from} up in the child. */
    int posix_spawn_file_actions_addclosefrom_np(Pointer actions, int from);

    /** glibc 2.29: chdir in the child before exec. */
    int posix_spawn_file_actions_addchdir_np(Pointer actions, CharSequence path);

    int epoll_create1(int flags);

    /** @param event a {@code struct epoll_event} laid out in ints (see {@link Epoll}) */
    int epoll_ctl(int epfd, int op, int fd, @In int[] event);

    int epoll_wait(int epfd, Pointer events, int maxEvents, int timeoutMillis);
}
