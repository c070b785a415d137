package dev.capstan.process.linux;

import dev.capstan.process.InputPipe;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * The write end of a child's stdin pipe, non-blocking (the child's read end is another open file
 * and stays blocking), and the queue of what it could not take yet. The queue is one heap buffer
 * that grows up to the capacity as needed and is let go of whenever it empties, so an idle
 * stdin holds no memory. Bytes are written at most {@value #WRITE_CHUNK} at a time, what a pipe
 * holds by default, because each write of a heap buffer copies what it offers into native memory.
 *
 * <p>Everything happens under this object's monitor, around non-blocking calls only: a caller's
 * {@link #write} writes what the pipe takes at once; the rest waits for {@link PipeIo} to call
 * {@link #onRoom} on a pipe thread.
 */
final class LinuxInputPipe implements InputPipe {

    /** The first queue buffer's size, unless the first bytes queued need more (or capacity is less). */
    private static final int INITIAL_QUEUE = 4096;
    private static final int WRITE_CHUNK = 64 * 1024;

    private final int capacity;
    private final String name;
    private final PipeIo io;
    private final Executor dispatch;
    private int fd; // -1 once closed
    private int serial; // of the fd's registration with io, 0 while not registered
    private ByteBuffer queue; // bytes [position, limit) wait; null while none do
    private boolean closing;
    private IOException ended; // why writes now fail, once they do
    private boolean dropped; // the end lost queued bytes, or a write failed
    private CompletableFuture<Void> drained;

    LinuxInputPipe(int fd, int capacity, int pid, PipeIo io, Executor dispatch) {
        this.fd = fd;
        this.capacity = capacity;
        this.name = "stdin of pid " + pid;
        this.io = io;
        this.dispatch = dispatch;
    }

    @Override
    public boolean write(ByteBuffer bytes) throws IOException {
        int n = bytes.remaining();
        if (n > capacity) {
            throw new IllegalArgumentException(name + ": " + n + " bytes are more than its capacity of " + capacity);
        }
        synchronized (this) {
            if (fd == -1 || closing) {
                throw new IOException(ended.getMessage());
            }
            if (n > capacity - queued()) {
                return false;
            }
            if (queue == null && !writeNow(bytes)) {
                throw new IOException(ended.getMessage());
            }
            if (bytes.hasRemaining()) {
                enqueue(bytes);
                awaitRoom();
            }
            return true;
        }
    }

    @Override
    public int capacity() {
        return capacity;
    }

    @Override
    public synchronized int queued() {
        return queue == null ? 0 : queue.remaining();
    }

    @Override
    public synchronized CompletionStage<Void> drained() {
        if (queue == null) {
            return dropped ? CompletableFuture.failedStage(ended) : CompletableFuture.completedStage(null);
        }
        if (drained == null) {
            drained = new CompletableFuture<>();
        }
        return drained.minimalCompletionStage();
    }

    @Override
    public synchronized void close() {
        if (fd == -1 || closing) {
            return;
        }
        closing = true;
        ended = new IOException(name + ": closed");
        if (queue == null) {
            closeFd();
        }
    }

    /** The child was reaped: nothing reads the pipe any more, so it ends with what is queued. */
    synchronized void childReaped() {
        if (fd == -1) {
            return;
        }
        if (queue != null) {
            fail(new IOException(name + ": the child exited with " + queue.remaining() + " bytes not written"));
            return;
        }
        if (!closing) {
            ended = new IOException(name + ": the child exited");
        }
        closeFd();
    }

    /** The pipe can take more: called on a pipe thread for the registration {@code event}. */
    synchronized void onRoom(int event) {
        if (fd == -1 || event != serial || queue == null) {
            return; // closed, or an event for an earlier registration of the same fd number
        }
        if (!writeNow(queue)) {
            return;
        }
        if (queue.hasRemaining()) {
            awaitRoom();
            return;
        }
        queue = null;
        if (closing) {
            closeFd();
        }
        settle(drained, null);
        drained = null;
    }

    /**
     * Writes from the buffer's position until the pipe is full, advancing the position.
     *
     * @return false when the pipe failed (EPIPE): it has ended then
     */
    private boolean writeNow(ByteBuffer bytes) {
        while (bytes.hasRemaining()) {
            long n = Libc.write(fd, bytes, Math.min(bytes.remaining(), WRITE_CHUNK));
            if (n >= 0) {
                bytes.position(bytes.position() + (int) n);
                continue;
            }
            int errno = Native.errno();
            if (errno == Native.EAGAIN) {
                return true;
            }
            if (errno != Native.EINTR) {
                fail(new IOException(name + ": " + Native.strerror(errno)));
                return false;
            }
        }
        return true;
    }

    /** Appends to the queue: after what waits if there is room, else moved up or into a larger buffer. */
    private void enqueue(ByteBuffer bytes) {
        int n = bytes.remaining();
        if (queue != null && queue.capacity() - queue.limit() >= n) {
            int start = queue.position();
            queue.position(queue.limit()).limit(queue.limit() + n);
            queue.put(bytes).position(start);
            return;
        }
        int needed = queued() + n;
        if (queue != null && queue.capacity() >= needed) {
            queue.compact().put(bytes).flip();
            return;
        }
        int size = Math.min(capacity, Math.max(needed, queue == null ? INITIAL_QUEUE : 2 * queue.capacity()));
        ByteBuffer grown = ByteBuffer.allocate(size);
        if (queue != null) {
            grown.put(queue);
        }
        queue = grown.put(bytes).flip();
    }

    private void awaitRoom() {
        try {
            serial = io.awaitRoom(this, fd, serial);
        } catch (NativeException e) {
            fail(new IOException(name + ": " + e.getMessage()));
        }
    }

    /** Ends the pipe, dropping what is queued: writes and waits for the queue fail with {@code why}. */
    private void fail(IOException why) {
        ended = why;
        dropped = true;
        queue = null;
        closeFd();
        settle(drained, why);
        drained = null;
    }

    private void closeFd() {
        if (serial != 0) {
            io.forget(fd);
            serial = 0;
        }
        Native.close(fd);
        fd = -1;
    }

    /** Completes a waiter on the dispatch executor (here, when that no longer runs: the kernel closed). */
    private void settle(CompletableFuture<Void> waiter, IOException failure) {
        if (waiter == null) {
            return;
        }
        Runnable complete = failure == null ? () -> waiter.complete(null) : () -> waiter.completeExceptionally(failure);
        try {
            dispatch.execute(complete);
        } catch (RejectedExecutionException e) {
            complete.run();
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
