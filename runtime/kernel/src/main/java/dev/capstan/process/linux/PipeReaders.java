package dev.capstan.process.linux;

import static dev.capstan.process.linux.Native.check;

import dev.capstan.process.OutputHandler;
import dev.capstan.process.SplicingHandler;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the output pipes of every child with a fixed number of threads, however many pipes there
 * are (1000 services with stdout and stderr are 2000 pipes and still {@value #THREADS} threads).
 *
 * <p>Threading model: up to {@value #THREADS} reader threads named {@code capstan-pipe-N}, one more
 * for each pipe added until there are that many (no pipe, no thread: services whose output goes
 * to files or /dev/null cost none), all wait in {@code epoll_wait} on one epoll set and take one
 * event at a time. Every pipe is registered
 * {@code EPOLLIN | EPOLLONESHOT}: once a thread receives a pipe's event the kernel reports nothing
 * more for that pipe until the thread re-arms it, which it does after the handler returned. So
 * for each pipe there is one read and one handler call at a time, in order (the pipe's monitor
 * makes each call happen-before the next even when the next runs on another thread). A handler
 * that blocks holds its own pipe and one reader thread: the child fills the pipe and blocks in
 * write, which is the back-pressure, while the other threads serve every other pipe. Each thread
 * reads into its own 64 KiB direct buffer; nothing is allocated per read and nothing is dropped.
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
 * <p>Stopping: a wakeup pipe sits in the same epoll set level-triggered and without ONESHOT, so one
 * byte written to it wakes every thread and each one exits.
 */
final class PipeReaders implements AutoCloseable {

    static final int THREADS = 4;
    private static final int BUFFER_SIZE = 64 * 1024;
    private static final int ARMED = Epoll.IN | Epoll.ONESHOT;
    static final int SHORT_READ = 16 * 1024;
    static final long REARM_DELAY_MICROS = 1000;
    private static final Logger LOG = LoggerFactory.getLogger(PipeReaders.class);

    private final Epoll epoll = new Epoll();
    private final Map<Integer, Pipe> pipes = new ConcurrentHashMap<>();
    private final int[] wakeup = new int[2];
    private final List<Thread> threads = new ArrayList<>(THREADS); // guarded by itself
    private final List<PipeSplice> splices = new ArrayList<>(THREADS); // guarded by threads
    private final ScheduledThreadPoolExecutor rearmer = new ScheduledThreadPoolExecutor(1, r -> {
        Thread t = new Thread(r, "capstan-pipe-rearm");
        t.setDaemon(true);
        return t;
    });

    /** A registered read end and the handler that gets its bytes; its monitor orders the pipe's reads. */
    record Pipe(int fd, OutputHandler handler) {
    }

    PipeReaders() {
        check(Libc.pipe2(wakeup, Native.O_CLOEXEC), "pipe2");
        epoll.add(wakeup[0], Epoll.IN);
    }

    /** Starts reading {@code fd}; from now on this class owns and closes it. */
    Pipe add(int fd, OutputHandler handler) {
        startReader();
        Pipe pipe = new Pipe(fd, handler);
        pipes.put(fd, pipe);
        try {
            epoll.add(fd, ARMED);
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
        epoll.remove(pipe.fd());
        pipes.remove(pipe.fd());
    }

    /** One more reader thread, until there are {@value #THREADS}. */
    private void startReader() {
        synchronized (threads) {
            if (threads.size() == THREADS) {
                return;
            }
            // Made here, not by the thread, so that every fd the reader holds exists on return.
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
                int fd = epoll.awaitOne(event);
                if (fd == wakeup[0]) {
                    return;
                }
                Pipe pipe = pipes.get(fd);
                if (pipe != null) {
                    serve(pipe, buffer, splice);
                }
            }
        } catch (RuntimeException | Error e) {
            LOG.error("pipe reader {} stopped", Thread.currentThread().getName(), e);
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
            if (pipe.handler() instanceof SplicingHandler handler && offer(splice, pipe, handler, buffer)) {
                if (splice.ended()) {
                    end(pipe);
                } else {
                    rearmAfter(pipe, splice.moved());
                }
                return;
            }
            buffer.clear();
            int n = Libc.read(pipe.fd(), buffer, buffer.capacity());
            int errno = n == -1 ? Native.errno() : 0;
            if (n > 0) {
                deliver(pipe, buffer.limit(n));
            } else if (n == 0 || (errno != Native.EINTR && errno != Native.EAGAIN)) {
                if (n == -1) {
                    LOG.warn("read fd {}: {}; ending that pipe", pipe.fd(), Native.strerror(errno));
                }
                end(pipe);
                return;
            }
            rearmAfter(pipe, n);
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
            splice.offer(pipe.fd(), handler);
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
            if (pipes.get(pipe.fd()) != pipe) {
                return; // ended while its re-arm waited
            }
            try {
                epoll.modify(pipe.fd(), ARMED);
            } catch (NativeException e) {
                LOG.error("{}; ending that pipe", e.getMessage());
                end(pipe);
            }
        }
    }

    private static void deliver(Pipe pipe, ByteBuffer bytes) {
        try {
            pipe.handler().onOutput(bytes);
        } catch (RuntimeException e) {
            LOG.error("output handler {} failed on {} bytes", pipe.handler(), bytes.limit(), e);
        }
    }

    private void end(Pipe pipe) {
        pipes.remove(pipe.fd());
        try {
            epoll.remove(pipe.fd());
        } catch (NativeException e) {
            LOG.error("{}", e.getMessage());
        }
        Native.close(pipe.fd());
        try {
            pipe.handler().onEnd();
        } catch (RuntimeException e) {
            LOG.error("output handler {} failed at end of output", pipe.handler(), e);
        }
    }

    /**
     * Stops the reader threads, then hands each handler still registered what its pipe holds
     * and its {@code onEnd}: the children are gone by now, but their last bytes are not lost.
     */
    @Override
    public void close() {
        rearmer.shutdownNow(); // pipes whose re-arm waited are drained below like every other
        check((int) Libc.write(wakeup[1], ByteBuffer.wrap(new byte[] {1}), 1), "write wakeup pipe");
        List<Thread> readers;
        synchronized (threads) {
            readers = List.copyOf(threads);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        for (Thread t : readers) {
            try {
                t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            if (t.isAlive()) {
                // A handler is blocked: draining its pipe now would call it concurrently, and
                // closing the epoll fd under it would fail its re-arm. Leave both to process exit.
                LOG.warn("{} is still inside an output handler; {} pipes not drained", t.getName(), pipes.size());
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
        int flags = Libc.fcntl(pipe.fd(), Native.F_GETFL, 0);
        if (flags == -1 || Libc.fcntl(pipe.fd(), Native.F_SETFL, flags | Native.O_NONBLOCK) == -1) {
            LOG.error("fcntl fd {}: {}; not draining it", pipe.fd(), Native.strerror(Native.errno()));
        } else {
            int n;
            while ((n = Libc.read(pipe.fd(), buffer.clear(), buffer.capacity())) > 0) {
                deliver(pipe, buffer.limit(n));
            }
        }
        end(pipe);
    }
}
