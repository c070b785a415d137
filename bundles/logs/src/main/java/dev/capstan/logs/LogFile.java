package dev.capstan.logs;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;

/**
 * One log file that Capstan writes, rotated in supervisord's way: when the next write would take
 * it past {@code maxBytes}, {@code x.log} becomes {@code x.log.1}, {@code x.log.1} becomes
 * {@code x.log.2} and so on up to {@code backups}, and a new {@code x.log} begins. The cut is
 * made after the last whole line that fits, so lines are not split across files (only a single
 * line longer than {@code maxBytes} is).
 *
 * <p>Bytes go from the caller's buffer to the file through a {@link FileChannel} with no copy
 * in Java and no per-line work.
 *
 * <p>Writing never throws and never blocks for long: when the file cannot be opened or written
 * (full disk, missing directory, read-only mount) the bytes are dropped and counted, one report
 * goes to {@code reports}, and a write is tried again at most every {@code retryAfter}; the
 * first that succeeds reports how many bytes were lost. Thread-safe.
 */
final class LogFile implements AutoCloseable {

    private final Path path;
    private final long maxBytes;
    private final int backups;
    private final Reports reports;
    private final long retryNanos;

    private FileChannel channel;
    private long size;
    // Only regular files are rotated or cleared: moving /dev/null aside would be a disaster.
    private boolean regular;
    private boolean failing;
    private boolean closed;
    private long lostBytes;
    private long nextTry;

    LogFile(Path path, long maxBytes, int backups, Reports reports, Duration retryAfter) {
        this.path = path;
        this.maxBytes = maxBytes;
        this.backups = backups;
        this.reports = reports;
        this.retryNanos = retryAfter.toNanos();
        synchronized (this) {
            ensureOpen();
        }
    }

    Path path() {
        return path;
    }

    /** Whether this file is the one asked for with these rotation settings. */
    boolean isFor(Path p, long max, int keep) {
        return path.equals(p) && maxBytes == max && backups == keep;
    }

    /** Appends {@code src}'s remaining bytes (consumed), rotating as needed. */
    synchronized void write(ByteBuffer src) {
        if (!ensureOpen()) {
            drop(src);
            return;
        }
        try {
            writeOpen(src);
        } finally {
            if (closed) {
                // A late write from a previous run (a grandchild still holding the pipe) after
                // the service moved to another file: it still belongs here, but keeps no handle.
                closeChannel();
            }
        }
    }

    private void writeOpen(ByteBuffer src) {
        try {
            if (maxBytes > 0 && regular && size + src.remaining() > maxBytes) {
                writeRotating(src);
            } else {
                writeFully(src, src.remaining());
            }
        } catch (IOException e) {
            fail(e);
            drop(src);
            return;
        }
        if (failing) {
            failing = false;
            reports.warn(path + ": writing again; " + lostBytes + " bytes of output were lost while it failed");
            lostBytes = 0;
        }
    }

    /** Bytes dropped since writing last failed; 0 while all is well. */
    synchronized long lostBytes() {
        return lostBytes;
    }

    /** Starts the file again after an external logrotate moved it away. */
    synchronized void reopen() {
        if (closed) {
            return;
        }
        closeChannel();
        nextTry = 0;
        ensureOpen();
    }

    /** Empties the file and deletes its backups ({@code clear}). */
    synchronized void clear() {
        if (!regular) {
            return;
        }
        try {
            for (int i = 1; i <= Math.max(backups, 1); i++) {
                Files.deleteIfExists(backup(i));
            }
            if (channel != null) {
                channel.truncate(0);
                size = 0;
            }
        } catch (IOException e) {
            reports.error(path + ": cannot clear (" + reason(e) + ")");
        }
    }

    /** The last {@code n} bytes written, reaching into {@code x.log.1} when the current file is shorter. */
    byte[] tail(int n) {
        return FileTail.read(path, backups > 0 ? backup(1) : null, n);
    }

    @Override
    public synchronized void close() {
        closed = true;
        closeChannel();
    }

    private void writeRotating(ByteBuffer src) throws IOException {
        while (src.hasRemaining()) {
            long room = maxBytes - size;
            if (room <= 0) {
                rotate();
                continue;
            }
            int take = src.remaining();
            if (take > room) {
                int lineEnd = lastLineEnd(src, (int) room);
                if (lineEnd > 0) {
                    take = lineEnd;
                } else if (size > 0) {
                    // Start the line in a fresh file rather than split it.
                    rotate();
                    continue;
                } else {
                    take = (int) room;
                }
            }
            writeFully(src, take);
        }
    }

    /** The length of the longest prefix of at most {@code room} bytes that ends with a newline, or 0. */
    private static int lastLineEnd(ByteBuffer src, int room) {
        int start = src.position();
        for (int i = start + room - 1; i >= start; i--) {
            if (src.get(i) == '\n') {
                return i - start + 1;
            }
        }
        return 0;
    }

    private void writeFully(ByteBuffer src, int n) throws IOException {
        int limit = src.limit();
        src.limit(src.position() + n);
        try {
            while (src.hasRemaining()) {
                size += channel.write(src);
            }
        } finally {
            src.limit(limit);
        }
    }

    private void rotate() throws IOException {
        closeChannel();
        if (backups > 0) {
            for (int i = backups - 1; i >= 1; i--) {
                moveIfExists(backup(i), backup(i + 1));
            }
            moveIfExists(path, backup(1));
        } else {
            Files.deleteIfExists(path);
        }
        open();
    }

    private static void moveIfExists(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (NoSuchFileException e) {
            // Fewer backups than allowed so far.
        }
    }

    private Path backup(int i) {
        return path.resolveSibling(path.getFileName() + "." + i);
    }

    /** Opens the file unless it is open, or failing and not yet due for another try. */
    private boolean ensureOpen() {
        if (channel != null) {
            return true;
        }
        if (failing && System.nanoTime() - nextTry < 0) {
            return false;
        }
        try {
            open();
            return true;
        } catch (IOException e) {
            fail(e);
            return false;
        }
    }

    private void open() throws IOException {
        channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        size = channel.size();
        regular = Files.isRegularFile(path);
    }

    private void fail(IOException e) {
        // Close, so that the next try starts from a fresh open: the file may have been
        // deleted, the directory remounted, or the descriptor broken.
        closeChannel();
        nextTry = System.nanoTime() + retryNanos;
        if (!failing) {
            failing = true;
            reports.error(path + ": cannot write (" + reason(e) + "); dropping this output until it can be written again");
        }
    }

    private void drop(ByteBuffer src) {
        lostBytes += src.remaining();
        src.position(src.limit());
    }

    private void closeChannel() {
        closeQuietly(channel);
        channel = null;
    }

    /**
     * Closes a channel that may be null. A failed close changes nothing here: what was written
     * was handed to the kernel already, and a reader has nothing pending.
     */
    static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                // nothing to do (see above)
            }
        }
    }

    static String reason(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file or directory";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        String m = e.getMessage();
        return m == null ? e.getClass().getSimpleName() : m;
    }
}
