package dev.capstan.process.linux;

import static dev.capstan.process.linux.Native.check;

import com.kenai.jffi.Platform;

/**
 * An epoll instance whose events carry the fd they are about and a serial number of the
 * registration, so that an event that was already on its way when its fd was removed (and its
 * number perhaps reused) is recognised as stale.
 *
 * <p>{@code struct epoll_event} is {@code {uint32_t events; uint64_t data;}}, packed (12 bytes)
 * on x86-64 and naturally aligned (16 bytes) elsewhere; {@link #EVENT_SIZE} and the offsets
 * below follow that.
 */
final class Epoll implements AutoCloseable {

    static final int IN = 0x001;
    static final int OUT = 0x004;
    /** Disarm after one event, so only one reader thread ever holds a given pipe. */
    static final int ONESHOT = 1 << 30;

    private static final int CTL_ADD = 1;
    private static final int CTL_DEL = 2;
    private static final int CTL_MOD = 3;

    private static final boolean PACKED = Platform.getPlatform().getCPU() == Platform.CPU.X86_64;
    static final int EVENT_SIZE = PACKED ? 12 : 16;
    private static final int DATA_OFFSET = PACKED ? 4 : 8;

    private final int epfd;

    Epoll() {
        epfd = check(Libc.epoll_create1(Native.O_CLOEXEC), "epoll_create1");
    }

    void add(int fd, int serial, int events) {
        check(Libc.epoll_ctl(epfd, CTL_ADD, fd, event(events, fd, serial)), "epoll_ctl ADD " + fd);
    }

    void modify(int fd, int serial, int events) {
        check(Libc.epoll_ctl(epfd, CTL_MOD, fd, event(events, fd, serial)), "epoll_ctl MOD " + fd);
    }

    void remove(int fd) {
        check(Libc.epoll_ctl(epfd, CTL_DEL, fd, event(0, fd, 0)), "epoll_ctl DEL " + fd);
    }

    /**
     * Blocks until one fd is ready.
     *
     * @param event {@link #EVENT_SIZE} bytes of native memory owned by the calling thread
     * @return the ready fd in the low word and its registration's serial in the high word, or
     *         -1 when a signal interrupted the wait
     */
    long awaitOne(long event) {
        int n = Libc.epoll_wait(epfd, event, 1, -1);
        if (n == -1) {
            int errno = Native.errno();
            if (errno == Native.EINTR) {
                return -1;
            }
            throw new NativeException("epoll_wait", errno);
        }
        return n == 0 ? -1 : Libc.IO.getLong(event + DATA_OFFSET);
    }

    static int fd(long ready) {
        return (int) ready;
    }

    static int serial(long ready) {
        return (int) (ready >>> 32);
    }

    @Override
    public void close() {
        Native.close(epfd);
    }

    /** Little-endian on both supported CPUs: the fd is the low word of {@code data}, the serial the high. */
    private static int[] event(int events, int fd, int serial) {
        return PACKED ? new int[] {events, fd, serial} : new int[] {events, 0, fd, serial};
    }
}
