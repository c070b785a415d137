package dev.capstan.logs;

import dev.capstan.api.Fault;
import dev.capstan.api.LogSlice;
import dev.capstan.api.SupervisorException;
import dev.capstan.logs.files.LogFile;
import dev.capstan.logs.files.Reports;
import dev.capstan.logs.tails.ByteRing;
import dev.capstan.logs.tails.FileFollower;
import dev.capstan.logs.tails.FileTail;
import dev.capstan.logs.tails.Followers;
import dev.capstan.process.ProcessKernel;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;

/**
 * What Capstan keeps of one stream of one service across its runs: the bounded in-memory tail
 * when it goes to the console, the {@link LogFile} when Capstan writes its file, or just the path
 * when the child writes the file itself; and the followers. Each run's capture is wired to it by
 * {@link LogBook#open}. Thread-safe.
 */
public final class StreamLog implements AutoCloseable {

    /** The in-memory tail of a console stream. */
    public static final int RING_BYTES = 64 * 1024;
    static final Duration FOLLOW_POLL = Duration.ofMillis(200);
    static final Duration RETRY = Duration.ofSeconds(1);

    private final ScheduledExecutorService executor;
    private final ProcessKernel kernel;
    private final Reports reports;
    private final Followers followers;
    // At most one of these is set: where this stream's output is kept now.
    private ByteRing ring;
    private LogFile file;
    private Path childWritten;

    StreamLog(ScheduledExecutorService executor, ProcessKernel kernel, Reports reports) {
        this.executor = executor;
        this.kernel = kernel;
        this.reports = reports;
        this.followers = new Followers(executor);
    }

    Followers followers() {
        return followers;
    }

    /** The stream goes to the console: keeps (or starts) its in-memory tail. */
    synchronized ByteRing useRing() {
        closeFile();
        childWritten = null;
        if (ring == null) {
            ring = new ByteRing(RING_BYTES);
        }
        return ring;
    }

    /** Capstan writes the stream to {@code path}: keeps the open file if nothing about it changed. */
    synchronized LogFile useFile(Path path, long maxBytes, int backups) {
        ring = null;
        childWritten = null;
        if (file == null || !file.isFor(path, maxBytes, backups)) {
            closeFile();
            file = new LogFile(path, maxBytes, backups, kernel, reports, RETRY);
        }
        return file;
    }

    /** The child writes {@code path} itself. */
    synchronized void useChildWritten(Path path) {
        closeFile();
        ring = null;
        childWritten = path;
    }

    /** The stream is logged nowhere. */
    synchronized void useNothing() {
        closeFile();
        ring = null;
        childWritten = null;
    }

    synchronized byte[] tail(int n) {
        if (ring != null) {
            return ring.last(n);
        }
        if (file != null) {
            return file.tail(n);
        }
        if (childWritten != null) {
            return FileTail.last(childWritten, n);
        }
        return new byte[0];
    }

    /** Offsets in the in-memory tail, or in the current file (see ServiceLogs.read). */
    synchronized LogSlice read(long offset, int length) {
        if (ring != null) {
            return ring.slice(offset, length);
        }
        Path path = file != null ? file.path() : childWritten;
        if (path == null) {
            throw new SupervisorException(Fault.NO_FILE, "the output is logged nowhere");
        }
        return FileTail.slice(path, offset, length);
    }

    synchronized AutoCloseable follow(Consumer<byte[]> sink) {
        if (childWritten != null) {
            return new FileFollower(childWritten, sink, executor, FOLLOW_POLL);
        }
        return followers.add(sink);
    }

    synchronized void clear() {
        if (ring != null) {
            ring.clear();
        }
        if (file != null) {
            file.clear();
        }
        if (childWritten != null && Files.isRegularFile(childWritten)) {
            // The child's descriptor is in append mode, so it goes on at the new end.
            try (FileChannel ch = FileChannel.open(childWritten, StandardOpenOption.WRITE)) {
                ch.truncate(0);
            } catch (IOException e) {
                reports.error(childWritten + ": cannot clear (" + LogFile.reason(e) + ")");
            }
        }
    }

    /**
     * After an external logrotate moved the file. A file the child writes itself cannot be
     * reopened for it: rotate such files with copytruncate, or let Capstan write them.
     */
    synchronized void reopen() {
        if (file != null) {
            file.reopen();
        }
    }

    @Override
    public synchronized void close() {
        closeFile();
    }

    private void closeFile() {
        if (file != null) {
            file.close();
            file = null;
        }
    }
}
