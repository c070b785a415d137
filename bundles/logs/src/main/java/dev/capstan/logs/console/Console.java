package dev.capstan.logs.console;

import dev.capstan.api.StreamName;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Capstan's own stdout and stderr, shared by every service on the console and by Capstan's own
 * log lines. Callers hand over whole lines only, and each call is written out completely under
 * one lock, so lines from different writers never cut into each other. The lock is shared by
 * both streams because in a container they are often the same pipe.
 *
 * <p>A slow console (a full pipe to the container's log driver) blocks writers here: that is
 * back-pressure on the services that log to the console, as with any terminal.
 */
public final class Console {

    private final WritableByteChannel out;
    private final WritableByteChannel err;
    private final Object lock = new Object();
    private final AtomicLong lostBytes = new AtomicLong();
    private volatile ConsoleFormat format;

    public Console(WritableByteChannel out, WritableByteChannel err, ConsoleFormat format) {
        this.out = out;
        this.err = err;
        this.format = format;
    }

    /**
     * The process's file descriptors 1 and 2, written directly: not through System.out, which
     * Gogo replaces per thread, and never closed.
     */
    public static Console ofProcess(ConsoleFormat format) {
        return new Console(new Descriptor(FileDescriptor.out), new Descriptor(FileDescriptor.err), format);
    }

    public ConsoleFormat format() {
        return format;
    }

    /** Applies to every line formatted from now on, including those of running services. */
    public void format(ConsoleFormat f) {
        format = f;
    }

    /** Writes {@code lines} (whole lines, consumed) to Capstan's stdout or stderr. */
    public void write(StreamName stream, ByteBuffer lines) {
        WritableByteChannel target = stream == StreamName.STDERR ? err : out;
        synchronized (lock) {
            try {
                while (lines.hasRemaining()) {
                    target.write(lines);
                }
            } catch (IOException e) {
                // Nowhere left to report it: the console is where reports go. Count it so that
                // a debugger can tell, and never let it reach the pipe reader of a service.
                lostBytes.addAndGet(lines.remaining());
                lines.position(lines.limit());
            }
        }
    }

    /** Bytes that could not be written because the console itself failed (e.g. EPIPE). */
    long lostBytes() {
        return lostBytes.get();
    }

    /**
     * A file descriptor written with {@link FileOutputStream#write(byte[], int, int)}, one
     * write(2) from the caller's array. A {@link java.nio.channels.FileChannel} copies each line
     * into a temporary direct buffer and registers the thread for interruption around the write,
     * which shows in the engine thread's profile of a 1000-service start (BENCHMARKS.md,
     * "Measurements behind the code"). Unlike a FileChannel, this one is not closed for good when
     * a writing thread is interrupted.
     */
    public static final class Descriptor implements WritableByteChannel {
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
