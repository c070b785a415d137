package dev.capstan.process.linux;

import static dev.capstan.process.linux.Native.check;

import dev.capstan.process.OutputFile;
import dev.capstan.process.ReadyPipe;
import dev.capstan.process.SplicingHandler;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link ReadyPipe} a reader thread lends to a {@link SplicingHandler}: one per thread, pointed
 * at one pipe for the length of one {@code onReadable} call, and afterwards says what the handler
 * did with it, so the thread knows whether to read the pipe itself.
 *
 * <p>Bytes go through a relay: a pipe of this thread's own. splice(2) holds a pipe's lock for as
 * long as it writes the file, and a service writing into that pipe meanwhile spins on the lock:
 * spliced straight from the service's pipe, a writer spends much of its CPU time spinning in
 * {@code mutex_spin_on_owner}. Moving the bytes to the relay first is a pipe-to-pipe splice
 * that passes page references and holds the service's pipe only for that; the file is then
 * written from the relay, whose lock nobody else wants (BENCHMARKS.md, "Measurements behind the
 * code").
 *
 * <p>What a failed write leaves in the relay is {@linkplain #returnStranded handed back} to the
 * thread, which gives it to the handler as read bytes: nothing taken from a service is lost unseen.
 */
final class PipeSplice implements ReadyPipe, AutoCloseable {

    /**
     * Spliced pipes, and each relay, hold this much instead of 64 KiB. Splicing makes each byte
     * cheap, so each turn of the reader (a wakeup, an epoll re-arm) becomes the cost: with the
     * larger pipe one splice moves more, and a fast writer blocks less often (BENCHMARKS.md,
     * "Measurements behind the code"). The memory is the kernel's and is used only while a
     * writer is ahead of Capstan.
     */
    static final int PIPE_SIZE = 1 << 20;
    private static final Logger LOG = LoggerFactory.getLogger(PipeSplice.class);

    private final int[] relay = new int[2];
    private int fd = -1;
    private long moved;
    private long stranded;
    private boolean empty;
    private boolean ended;

    PipeSplice() {
        check(Libc.pipe2(relay, Native.O_CLOEXEC), "pipe2");
        enlarge(relay[0]);
    }

    /**
     * Gives a pipe {@value #PIPE_SIZE} bytes. The pipe-max-size sysctl or the per-user pipe limits
     * may refuse it; then the pipe keeps its size and all else is the same.
     */
    static void enlarge(int pipe) {
        if (Libc.fcntl(pipe, Native.F_SETPIPE_SZ, PIPE_SIZE) == -1) {
            LOG.debug("fcntl F_SETPIPE_SZ {}: {}; the pipe keeps its size", PIPE_SIZE, Native.strerror(Native.errno()));
        }
    }

    /** Calls {@code handler.onReadable} with this pointed at {@code pipe}. */
    void offer(int pipe, SplicingHandler handler) {
        fd = pipe;
        moved = 0;
        empty = false;
        ended = false;
        try {
            handler.onReadable(this);
        } finally {
            fd = -1;
        }
    }

    @Override
    public long spliceTo(OutputFile file, long maxBytes) throws IOException {
        if (fd == -1) {
            throw new IllegalStateException("a ReadyPipe is only valid during onReadable");
        }
        if (!(file instanceof LinuxOutputFile out)) {
            throw new IllegalArgumentException(file + " was not opened by this kernel");
        }
        if (maxBytes <= 0) {
            throw new IllegalArgumentException("maxBytes " + maxBytes + ": must be positive");
        }
        if (stranded > 0) {
            // More would land behind the bytes the failure left, which go to onOutput first.
            throw new IllegalStateException("spliceTo again after it failed in the same onReadable");
        }
        long n = Libc.splice(fd, relay[1], Math.min(maxBytes, PIPE_SIZE), Native.SPLICE_F_NONBLOCK);
        if (n == -1 && Native.errno() == Native.EAGAIN) {
            empty = true;
            return 0;
        }
        if (n == -1) {
            throw new NativeException("splice to the relay", Native.errno());
        }
        if (n == 0) {
            ended = true;
            return 0;
        }
        moved += n;
        long left = n;
        try {
            while (left > 0) {
                left -= out.spliceFrom(relay[0], left);
            }
        } finally {
            stranded = left;
        }
        return n;
    }

    /**
     * Sends the bytes a failed {@link #spliceTo} left in the relay to {@code deliver}, in reads of
     * at most the buffer's capacity.
     */
    void returnStranded(ByteBuffer buffer, Consumer<ByteBuffer> deliver) {
        while (stranded > 0) {
            buffer.clear();
            int n = check(Libc.read(relay[0], buffer, (int) Math.min(stranded, buffer.capacity())), "read the relay");
            stranded -= n;
            deliver.accept(buffer.limit(n));
        }
    }

    /** Whether the last offer took care of the pipe, so that the thread must not read it. */
    boolean handled() {
        return moved > 0 || empty || ended;
    }

    /** Bytes the last offer took from the pipe. */
    long moved() {
        return moved;
    }

    /** Whether the last offer found every writer gone and the pipe empty. */
    boolean ended() {
        return ended;
    }

    @Override
    public void close() {
        Native.close(relay[0]);
        Native.close(relay[1]);
    }
}
