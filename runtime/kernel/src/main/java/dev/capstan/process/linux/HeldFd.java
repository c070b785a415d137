package dev.capstan.process.linux;

import static dev.capstan.process.linux.Native.check;

import dev.capstan.process.Stdio;
import java.util.Set;

/**
 * A descriptor the kernel holds for children to share, an end of a {@link LinuxHeldPipe} or a
 * {@link LinuxListeningSocket}: each spawn given it takes a copy, so the owner can close it at any
 * time without taking it from a child. Registered with the kernel while open, so that the kernel's
 * close releases what owners forgot. Thread-safe.
 */
final class HeldFd implements Stdio.Held {

    private final String name;
    private final boolean input;
    private final Set<HeldFd> open;
    private int fd; // guarded by this; -1 once closed

    /** @param open the kernel's set of held fds not closed yet, which this joins until it closes */
    HeldFd(int fd, String name, boolean input, Set<HeldFd> open) {
        this.fd = fd;
        this.name = name;
        this.input = input;
        this.open = open;
        open.add(this);
    }

    @Override
    public boolean isInput() {
        return input;
    }

    /**
     * A close-on-exec copy numbered {@code floor} or above, which the caller owns.
     *
     * @throws NativeException EBADF when the owner closed it, or what fcntl says
     */
    synchronized int duplicate(int floor) {
        if (fd == -1) {
            throw new NativeException(name + " was closed", Native.EBADF);
        }
        return check(Libc.fcntl(fd, Native.F_DUPFD_CLOEXEC, floor), "fcntl F_DUPFD_CLOEXEC " + name);
    }

    synchronized void close() {
        if (fd != -1) {
            Native.close(fd);
            fd = -1;
            open.remove(this);
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
