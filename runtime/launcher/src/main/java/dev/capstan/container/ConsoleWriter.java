package dev.capstan.container;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Capstan's stdout and stderr, written without ever blocking the caller. Capstan's own log lines
 * and the services' console lines are handed over here by the engine, the signal and shutdown
 * threads, the control plane and the kernel's pipe readers, none of which may wait for a console
 * nobody reads (a stalled log driver, Ctrl-S on a terminal): a full pipe would freeze supervision.
 *
 * <p>Each call queues whole lines, copied, in one queue for both streams, so they reach the
 * console in the order they were handed over and never cut into each other. One writer thread
 * writes them out, each call's lines in one {@code write}; it starts with the first line and
 * ends {@value #LINGER_SECONDS} s after the last, so an idle Capstan has no thread and no wakeup
 * for its console. At most {@link #CAPACITY} bytes wait: a call that does not fit is dropped whole
 * and its lines counted, and once the console has taken everything that waited, the count is
 * reported ({@code console: N lines dropped ...}), through the log, so in the console's format.
 *
 * <p>{@link #ofProcess()} is the process's one console, shared by the launcher's log appender and
 * the logs bundle, and outliving both.
 */
public final class ConsoleWriter {
    private static final Logger LOG = LoggerFactory.getLogger(ConsoleWriter.class);

    /**
     * Bytes that may wait for the console: a few thousand of Capstan's lines, or sixteen full
     * reads of a service's pipe, enough for a burst that a console which is read takes in a moment.
     */
    public static final int CAPACITY = 1 << 20;
    private static final long LINGER_SECONDS = 10;

    private static final ConsoleWriter PROCESS = new ConsoleWriter(new Descriptor(FileDescriptor.out),
            new Descriptor(FileDescriptor.err), CAPACITY, writerThread(), ConsoleWriter::reportDropped);

    private final WritableByteChannel out;
    private final WritableByteChannel err;
    private final long capacity;
    private final Executor writer;
    private final LongConsumer dropReport;
    // Guarded by this.
    private final ArrayDeque<Lines> queue = new ArrayDeque<>();
    private long queued;
    private long dropped;
    private boolean draining;

    /**
     * @param capacity   bytes that may wait ({@link #CAPACITY} for the process's console)
     * @param writer     runs the writer's loop, one at a time ({@code Runnable::run} writes on the
     *                   thread that finds the queue idle, as tests do)
     * @param dropReport told, on the writer's thread, how many lines were dropped, once the console
     *                   took everything that waited; it may write a report here
     */
    public ConsoleWriter(WritableByteChannel out, WritableByteChannel err, long capacity, Executor writer,
            LongConsumer dropReport) {
        this.out = out;
        this.err = err;
        this.capacity = capacity;
        this.writer = writer;
        this.dropReport = dropReport;
    }

    /** The process's file descriptors 1 and 2. */
    public static ConsoleWriter ofProcess() {
        return PROCESS;
    }

    /** Queues {@code lines} (whole lines, consumed) for Capstan's stdout. Never blocks. */
    public void writeOut(ByteBuffer lines) {
        offer(out, lines);
    }

    /** Queues {@code lines} (whole lines, consumed) for Capstan's stderr. Never blocks. */
    public void writeErr(ByteBuffer lines) {
        offer(err, lines);
    }

    /**
     * Waits until everything queued was written, at most {@code timeout}: before the JVM exits,
     * whose writer thread would otherwise leave the last lines unwritten.
     *
     * @return whether it was all written
     */
    public boolean awaitDrained(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (this) {
            while (draining) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
            return true;
        }
    }

    private void offer(WritableByteChannel target, ByteBuffer lines) {
        int n = lines.remaining();
        if (n == 0) {
            return;
        }
        synchronized (this) {
            if (queued + n > capacity) {
                dropped += lineCount(lines);
                lines.position(lines.limit());
                return;
            }
            byte[] copy = new byte[n];
            lines.get(copy);
            queue.add(new Lines(target, copy));
            queued += n;
            if (draining) {
                return;
            }
            draining = true;
        }
        try {
            writer.execute(this::drain);
        } catch (RuntimeException | Error e) {
            // No thread could be started: what waits goes out with the next call that can start one.
            synchronized (this) {
                draining = false;
                notifyAll();
            }
        }
    }

    /** The writer's loop: until nothing waits and any drop was reported. */
    private void drain() {
        while (true) {
            Lines next;
            long report = 0;
            synchronized (this) {
                next = queue.peek();
                if (next == null) {
                    report = dropped;
                    dropped = 0;
                    if (report == 0) {
                        draining = false;
                        notifyAll();
                        return;
                    }
                }
            }
            if (next == null) {
                try {
                    dropReport.accept(report);
                } catch (RuntimeException e) {
                    // The report is a console line too: a failure to make one must not end the
                    // writer, which nothing would start again.
                }
                continue;
            }
            write(next);
            synchronized (this) {
                queue.poll();
                queued -= next.bytes.length;
            }
        }
    }

    private static void write(Lines lines) {
        ByteBuffer buf = ByteBuffer.wrap(lines.bytes);
        try {
            while (buf.hasRemaining()) {
                lines.target.write(buf);
            }
        } catch (IOException | RuntimeException e) {
            // The console itself failed (its reader is gone: EPIPE): there is nowhere left to
            // report it, since the console is where reports go.
        }
    }

    private static long lineCount(ByteBuffer lines) {
        long n = 0;
        for (int i = lines.position(); i < lines.limit(); i++) {
            if (lines.get(i) == '\n') {
                n++;
            }
        }
        return Math.max(n, 1);
    }

    private static void reportDropped(long lines) {
        LOG.warn("console: {} lines dropped while nothing read it", lines);
    }

    private static Executor writerThread() {
        ThreadPoolExecutor pool = new ThreadPoolExecutor(1, 1, LINGER_SECONDS, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, "capstan-console");
                    // A write that never returns (a console nobody reads) must not keep the JVM.
                    t.setDaemon(true);
                    return t;
                });
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    private record Lines(WritableByteChannel target, byte[] bytes) {
    }

    /**
     * A file descriptor written with {@link FileOutputStream#write(byte[], int, int)}, one
     * write(2) from the caller's array: not through System.out, which Gogo replaces per thread,
     * and never closed. A {@link java.nio.channels.FileChannel} copies into a temporary direct
     * buffer and is closed for good when a writing thread is interrupted; this one is not.
     */
    static final class Descriptor implements WritableByteChannel {
        private final FileOutputStream out;

        Descriptor(FileDescriptor fd) {
            this.out = new FileOutputStream(fd);
        }

        @Override
        public int write(ByteBuffer src) throws IOException {
            int n = src.remaining();
            if (src.hasArray()) {
                out.write(src.array(), src.arrayOffset() + src.position(), n);
                src.position(src.limit());
            } else {
                byte[] copy = new byte[n];
                src.get(copy);
                out.write(copy);
            }
            return n;
        }

        @Override
        public boolean isOpen() {
            return true;
        }

        @Override
        public void close() {
            // Capstan's stdout and stderr are never closed.
        }
    }
}
