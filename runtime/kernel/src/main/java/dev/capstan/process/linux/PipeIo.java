package dev.capstan.process.linux;

import static dev.capstan.process.linux.Native.check;

import dev.capstan.process.OutputHandler;
import dev.capstan.process.SplicingHandler;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The kernel's pipe threads: they read the output pipes of every child and write the stdin pipes
 * Capstan writes ({@link LinuxInputPipe}), with a fixed number of threads however many pipes
 * there are (1000 services with stdout and stderr are 2000 pipes and still {@value #THREADS}
 * threads).
 *
 * <p>Threading model: up to {@value #THREADS} threads named {@code capstan-pipe-N}, one more for
 * each pipe added until there are that many (no pipe, no thread: services whose output goes to
 * files or /dev/null cost none), all wait in {@code epoll_wait} on one epoll set and take one
 * event at a time. Every pipe is registered with {@code EPOLLONESHOT}: once a thread receives a
 * pipe's event the kernel reports nothing more for that pipe until the thread re-arms it, which
 * it does after the handler returned. So for each pipe there is one read and one handler call at
 * a time, in order (the pipe's monitor makes each call happen-before the next even when the next
 * runs on another thread). A handler that blocks holds its own pipe and one thread: the child
 * fills the pipe and blocks in write, which is the back-pressure, while the other threads serve
 * every other pipe. Each thread reads into its own 64 KiB direct buffer; nothing is allocated per
 * read and nothing is dropped. A stdin pipe is armed for {@code EPOLLOUT} only while it has bytes
 * queued that the pipe could not take, and registered from the first time it has.
 *
 * <p>Splicing: a {@link SplicingHandler} is first lent the pipe ({@link PipeSplice}, one per
 * thread with its relay pipe) and may have its bytes moved into a file by splice(2) without
 * reading them; only if it does not is the pipe read for it, in the same turn.
 *
 * <p>Batching: a transfer of less than {@value #SHORT_READ} bytes means the writer is slower
 * than Capstan. Re-arming such a pipe at once wakes a thread for every few hundred bytes (for a
 * service writing 100-byte lines, more CPU than supervisord spends), so its re-arm waits
 * {@value #REARM_DELAY_MICROS} µs on the {@code capstan-pipe-rearm} thread while the pipe fills:
 * transfers become large and a line waits at most that long. A full read re-arms at once.
 *
 * <p>Exits wait for output ({@link #drained}): a child's exit is reported once the bytes that were
 * in its pipes when it was reaped have been handed over, so that nothing the child wrote arrives
 * after its exit. Without this a consumer that finishes a last unterminated line at the exit
 * printed the rest of that line, still in the pipe (often waiting for its delayed re-arm), as a
 * line of its own.
 *
 * <p>Stopping: a wakeup pipe sits in the same epoll set level-triggered and without ONESHOT, so one
 * byte written to it wakes every thread and each one exits.
 */
final class PipeIo implements AutoCloseable {

    static final int THREADS = 4;
    private static final int BUFFER_SIZE = 64 * 1024;
    private static final int READ = Epoll.IN | Epoll.ONESHOT;
    private static final int WRITE = Epoll.OUT | Epoll.ONESHOT;
    static final int SHORT_READ = 16 * 1024;
    static final long REARM_DELAY_MICROS = 1000;
    /** How long an exit waits for handlers that hold their pipes before it is reported anyway. */
    static final long DRAIN_LIMIT_MILLIS = 1000;
    private static final Logger LOG = LoggerFactory.getLogger(PipeIo.class);

    private final Epoll epoll = new Epoll();
    private final AtomicInteger serials = new AtomicInteger();
    private final Map<Integer, Pipe> pipes = new ConcurrentHashMap<>();
    private final Map<Integer, LinuxInputPipe> inputs = new ConcurrentHashMap<>();
    private final int[] wakeup = new int[2];
    private final List<Thread> threads = new ArrayList<>(THREADS); // guarded by itself
    private final List<PipeSplice> splices = new ArrayList<>(THREADS); // guarded by threads
    private final ScheduledThreadPoolExecutor rearmer = new ScheduledThreadPoolExecutor(1, r -> {
        Thread t = new Thread(r, "capstan-pipe-rearm");
        t.setDaemon(true);
        return t;
    });

    /**
     * A registered read end and the handler that gets its bytes. Its monitor orders the pipe's
     * reads and handler calls; its {@code state} lock, never held across a call out, guards what
     * an exit waiting for the pipe needs to know.
     */
    static final class Pipe {
        private static final long UNKNOWN = -1;

        final int fd;
        final OutputHandler handler;
        final int serial;
        private final Object state = new Object();
        private boolean busy; // a thread is taking bytes from the pipe and handing them over
        private boolean ended;
        private long taken; // bytes taken from the pipe and handed over, in all
        private long awaited = UNKNOWN; // what taken must reach for the waiting exit
        private CompletableFuture<Void> drained; // the waiting exit's, or null

        Pipe(int fd, OutputHandler handler, int serial) {
            this.fd = fd;
            this.handler = handler;
            this.serial = serial;
        }

        void beginTurn() {
            synchronized (state) {
                busy = true;
            }
        }

        /** @return whether an exit waits for more of this pipe, which should then not be delayed */
        boolean endTurn(long moved) {
            synchronized (state) {
                busy = false;
                taken += moved;
                if (drained == null) {
                    return false;
                }
                if (awaited == UNKNOWN) {
                    awaited = taken + Math.max(0, Libc.bytesReadable(fd));
                }
                if (taken >= awaited) {
                    release();
                    return false;
                }
                return true;
            }
        }

        /**
         * A future that completes once the bytes in the pipe now have been handed over, or null
         * when there are none: the pipe is empty and no thread is handing bytes over, or it ended.
         */
        CompletableFuture<Void> awaitDrained() {
            synchronized (state) {
                if (ended) {
                    return null;
                }
                if (drained == null) {
                    long waiting = UNKNOWN; // known once the current turn ends
                    if (!busy) {
                        waiting = Libc.bytesReadable(fd);
                        if (waiting <= 0) {
                            return null;
                        }
                    }
                    // Not busy: the pipe is armed with bytes in it, or waits for its delayed
                    // re-arm, or a thread is about to take it; a turn follows either way.
                    awaited = waiting == UNKNOWN ? UNKNOWN : taken + waiting;
                    drained = new CompletableFuture<>();
                }
                return drained;
            }
        }

        /** No more bytes will be handed over; nobody need wait for them. */
        void markEnded() {
            synchronized (state) {
                ended = true;
                release();
            }
        }

        private void release() {
            if (drained != null) {
                drained.complete(null);
                drained = null;
                awaited = UNKNOWN;
            }
        }
    }

    PipeIo() {
        check(Libc.pipe2(wakeup, Native.O_CLOEXEC), "pipe2");
        epoll.add(wakeup[0], 0, Epoll.IN);
    }

    /** Starts reading {@code fd}; from now on this class owns and closes it. */
    Pipe add(int fd, OutputHandler handler) {
        startThread();
        Pipe pipe = new Pipe(fd, handler, serials.incrementAndGet());
        pipes.put(fd, pipe);
        try {
            epoll.add(fd, pipe.serial, READ);
        } catch (NativeException e) {
            pipes.remove(fd);
            throw e;
        }
        return pipe;
    }

    /**
     * Takes back a pipe whose child never started, before any byte or EOF could arrive (the write
     * end is still open in this process). Ownership of the fd returns to the caller.
     */
    void cancel(Pipe pipe) {
        epoll.remove(pipe.fd);
        pipes.remove(pipe.fd);
    }

    /**
     * Has a pipe thread call {@code input.onRoom} once {@code fd} can take more bytes: registers
     * the fd ({@code serial} 0) or re-arms it. Called under the input's lock.
     *
     * @return the registration's serial
     */
    int awaitRoom(LinuxInputPipe input, int fd, int serial) {
        if (serial != 0) {
            epoll.modify(fd, serial, WRITE);
            return serial;
        }
        startThread();
        int registered = serials.incrementAndGet();
        inputs.put(fd, input);
        try {
            epoll.add(fd, registered, WRITE);
        } catch (NativeException e) {
            inputs.remove(fd);
            throw e;
        }
        return registered;
    }

    /** Stops watching an input pipe's fd, before it is closed. Called under the input's lock. */
    void forget(int fd) {
        inputs.remove(fd);
        epoll.remove(fd);
    }

    /**
     * A future that completes once every byte in {@code children}'s pipes now has been handed
     * over, or after {@value #DRAIN_LIMIT_MILLIS} ms of handlers holding their pipes; completed
     * on a pipe thread, or here when nothing waits.
     */
    CompletableFuture<Void> drained(List<Pipe> children) {
        List<CompletableFuture<Void>> waiting = new ArrayList<>(children.size());
        for (Pipe pipe : children) {
            CompletableFuture<Void> drained = pipe.awaitDrained();
            if (drained != null) {
                waiting.add(drained);
            }
        }
        if (waiting.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<Void> all = CompletableFuture.allOf(waiting.toArray(CompletableFuture[]::new));
        try {
            rearmer.schedule(() -> all.complete(null), DRAIN_LIMIT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            all.complete(null); // closing: close() hands over what is left
        }
        return all;
    }

    /** One more pipe thread, until there are {@value #THREADS}. */
    private void startThread() {
        synchronized (threads) {
            if (threads.size() == THREADS) {
                return;
            }
            // Made here, not by the thread, so that every fd the thread holds exists on return.
            PipeSplice splice = new PipeSplice();
            splices.add(splice); // closed by close() even when the thread cannot start
            Thread thread = new Thread(() -> run(splice), "capstan-pipe-" + (threads.size() + 1));
            thread.setDaemon(true);
            thread.start();
            threads.add(thread);
        }
    }

    private void run(PipeSplice splice) {
        long event = Libc.IO.allocateMemory(Epoll.EVENT_SIZE, false);
        ByteBuffer buffer = ByteBuffer.allocateDirect(BUFFER_SIZE);
        try {
            for (;;) {
                long ready = epoll.awaitOne(event);
                if (ready == -1) {
                    continue;
                }
                int fd = Epoll.fd(ready);
                if (fd == wakeup[0]) {
                    return;
                }
                int serial = Epoll.serial(ready);
                Pipe pipe = pipes.get(fd);
                if (pipe != null && pipe.serial == serial) {
                    serve(pipe, buffer, splice);
                    continue;
                }
                LinuxInputPipe input = inputs.get(fd);
                if (input != null) {
                    input.onRoom(serial); // which ignores an event of an earlier registration
                }
            }
        } catch (RuntimeException | Error e) {
            LOG.error("pipe thread {} stopped", Thread.currentThread().getName(), e);
        } finally {
            Libc.IO.freeMemory(event);
        }
    }

    /**
     * One turn of a pipe: a splicing handler may move the bytes itself; otherwise one read hands
     * them over. Then the pipe is re-armed (later after a short transfer), or ended at EOF.
     */
    private void serve(Pipe pipe, ByteBuffer buffer, PipeSplice splice) {
        synchronized (pipe) {
            pipe.beginTurn();
            long moved;
            if (pipe.handler instanceof SplicingHandler handler && offer(splice, pipe, handler, buffer)) {
                if (splice.ended()) {
                    end(pipe);
                    return;
                }
                moved = splice.moved();
            } else {
                buffer.clear();
                int n = Libc.read(pipe.fd, buffer, buffer.capacity());
                int errno = n == -1 ? Native.errno() : 0;
                if (n > 0) {
                    deliver(pipe, buffer.limit(n));
                } else if (n == 0 || (errno != Native.EINTR && errno != Native.EAGAIN)) {
                    if (n == -1) {
                        LOG.warn("read fd {}: {}; ending that pipe", pipe.fd, Native.strerror(errno));
                    }
                    end(pipe);
                    return;
                }
                moved = Math.max(n, 0);
            }
            boolean awaited = pipe.endTurn(moved);
            rearmAfter(pipe, awaited ? 0 : moved);
        }
    }

    /**
     * Lends the pipe to its handler; bytes a failed splice took from the pipe are then handed to
     * it as read.
     *
     * @return whether the pipe was taken care of this turn (else it is read for the handler)
     */
    private static boolean offer(PipeSplice splice, Pipe pipe, SplicingHandler handler, ByteBuffer buffer) {
        try {
            splice.offer(pipe.fd, handler);
        } catch (RuntimeException e) {
            LOG.error("output handler {} failed on a ready pipe", handler, e);
        }
        splice.returnStranded(buffer, bytes -> deliver(pipe, bytes));
        return splice.handled();
    }

    private void rearmAfter(Pipe pipe, long transferred) {
        if (transferred > 0 && transferred < SHORT_READ) {
            rearmer.schedule(() -> rearm(pipe), REARM_DELAY_MICROS, TimeUnit.MICROSECONDS);
        } else {
            rearm(pipe);
        }
    }

    private void rearm(Pipe pipe) {
        synchronized (pipe) {
            if (pipes.get(pipe.fd) != pipe) {
                return; // ended while its re-arm waited
            }
            try {
                epoll.modify(pipe.fd, pipe.serial, READ);
            } catch (NativeException e) {
                LOG.error("{}; ending that pipe", e.getMessage());
                end(pipe);
            }
        }
    }

    private static void deliver(Pipe pipe, ByteBuffer bytes) {
        try {
            pipe.handler.onOutput(bytes);
        } catch (RuntimeException e) {
            LOG.error("output handler {} failed on {} bytes", pipe.handler, bytes.limit(), e);
        }
    }

    private void end(Pipe pipe) {
        pipes.remove(pipe.fd);
        try {
            epoll.remove(pipe.fd);
        } catch (NativeException e) {
            LOG.error("{}", e.getMessage());
        }
        pipe.markEnded(); // before the close: the fd may not be asked about once closed
        Native.close(pipe.fd);
        try {
            pipe.handler.onEnd();
        } catch (RuntimeException e) {
            LOG.error("output handler {} failed at end of output", pipe.handler, e);
        }
    }

    /**
     * Stops the pipe threads, then hands each handler still registered what its pipe holds
     * and its {@code onEnd}: the children are gone by now, but their last bytes are not lost.
     * Stdin pipes are their children's to close.
     */
    @Override
    public void close() {
        rearmer.shutdownNow(); // pipes whose re-arm waited are drained below like every other
        check((int) Libc.write(wakeup[1], ByteBuffer.wrap(new byte[] {1}), 1), "write wakeup pipe");
        List<Thread> running;
        synchronized (threads) {
            running = List.copyOf(threads);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        for (Thread t : running) {
            try {
                t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            if (t.isAlive()) {
                // A handler is blocked: draining its pipe now would call it concurrently, and
                // closing the epoll fd under it would fail its re-arm. Leave both to process exit;
                // exits that wait for those pipes are reported without them.
                LOG.warn("{} is still inside an output handler; {} pipes not drained", t.getName(), pipes.size());
                pipes.values().forEach(Pipe::markEnded);
                return;
            }
        }
        try {
            rearmer.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        ByteBuffer buffer = ByteBuffer.allocateDirect(BUFFER_SIZE);
        for (Pipe pipe : pipes.values()) {
            synchronized (pipe) {
                drain(pipe, buffer);
            }
        }
        synchronized (threads) {
            splices.forEach(PipeSplice::close);
        }
        epoll.close();
        Native.close(wakeup[0]);
        Native.close(wakeup[1]);
    }

    /** Reads what is buffered without waiting for writers that outlived their service. */
    private void drain(Pipe pipe, ByteBuffer buffer) {
        int flags = Libc.fcntl(pipe.fd, Native.F_GETFL, 0);
        if (flags == -1 || Libc.fcntl(pipe.fd, Native.F_SETFL, flags | Native.O_NONBLOCK) == -1) {
            LOG.error("fcntl fd {}: {}; not draining it", pipe.fd, Native.strerror(Native.errno()));
        } else {
            int n;
            while ((n = Libc.read(pipe.fd, buffer.clear(), buffer.capacity())) > 0) {
                deliver(pipe, buffer.limit(n));
            }
        }
        end(pipe);
    }
}
