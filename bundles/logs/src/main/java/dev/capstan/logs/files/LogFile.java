package dev.capstan.logs.files;

import dev.capstan.logs.tails.FileTail;
import dev.capstan.process.OutputFile;
import dev.capstan.process.ProcessKernel;
import dev.capstan.process.ReadyPipe;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;

/**
 * One log file that Capstan writes, rotated in supervisord's way: when the next write would take
 * it past {@code maxBytes}, {@code x.log} becomes {@code x.log.1}, {@code x.log.1} becomes
 * {@code x.log.2} and so on up to {@code backups}, and a new {@code x.log} begins. The cut is
 * made after the last whole line that fits, so lines are not split across files. A line that a
 * read left unfinished in the file is finished there, even past {@code maxBytes}, when its end
 * comes within {@value #LINE_ROOM} bytes; only a line longer than that, or than {@code maxBytes}
 * by itself, is split.
 *
 * <p>Bytes reach the file in one of two ways, through the same {@link OutputFile} the process
 * kernel opened: {@link #splice} has the kernel move them from a service's pipe without them
 * entering the JVM, up to {@value #LINE_ROOM} bytes before {@code maxBytes}; {@link #write} writes
 * them from a buffer, with no copy in Java and no per-line work. The last stretch before a
 * rotation is always written, because only bytes seen here can be cut after a newline.
 *
 * <p>Writing never throws and never blocks for long: when the file cannot be opened or written
 * (full disk, missing directory, read-only mount) the bytes are dropped and counted, one report
 * goes to {@code reports}, and a write is tried again at most every {@code retryAfter}; the
 * first that succeeds reports how many bytes were lost. While the file fails, {@link #splice}
 * declines, so the bytes come to {@link #write} to be dropped: the service is never held up.
 * Thread-safe.
 */
public final class LogFile implements AutoCloseable {

    /** Bytes before {@code maxBytes} that are written rather than spliced, to find a line end in. */
    public static final int LINE_ROOM = 64 * 1024;

    private final Path path;
    private final long maxBytes;
    private final int backups;
    private final ProcessKernel kernel;
    private final Reports reports;
    private final long retryNanos;

    private OutputFile file;
    private long size;
    // Only regular files are rotated, cleared or spliced into: moving /dev/null aside would be a
    // disaster, and devices mostly cannot take spliced bytes.
    private boolean regular;
    // Until the next open, once the file's file system refused splice(2).
    private boolean spliceRefused;
    private boolean failing;
    private boolean closed;
    // Where the line the file ends inside began (its last write did not end with a newline), -1
    // when it ends with one. After a splice, whose bytes are never seen here, a line begun after
    // others is assumed.
    private long openLineStart = -1;
    private long lostBytes;
    private long nextTry;

    /** @param kernel opens the file, so that it can splice into it */
    public LogFile(Path path, long maxBytes, int backups, ProcessKernel kernel, Reports reports, Duration retryAfter) {
        this.path = path;
        this.maxBytes = maxBytes;
        this.backups = backups;
        this.kernel = kernel;
        this.reports = reports;
        this.retryNanos = retryAfter.toNanos();
        synchronized (this) {
            ensureOpen();
        }
    }

    public Path path() {
        return path;
    }

    /** Whether this file is the one asked for with these rotation settings. */
    public boolean isFor(Path p, long max, int keep) {
        return path.equals(p) && maxBytes == max && backups == keep;
    }

    /** Appends {@code src}'s remaining bytes (consumed), rotating as needed. */
    synchronized void write(ByteBuffer src) {
        if (!ensureOpen()) {
            drop(src);
            return;
        }
        try {
            if (maxBytes > 0 && regular && size + src.remaining() >= maxBytes) {
                writeRotating(src);
            } else {
                writeFully(src, src.remaining());
            }
            recovered();
        } catch (IOException e) {
            fail(e);
            drop(src);
        } finally {
            if (closed) {
                // A late write from a previous run (a grandchild still holding the pipe) after
                // the service moved to another file: it still belongs here, but keeps no handle.
                closeFile();
            }
        }
    }

    /**
     * Has what waits in {@code pipe} spliced onto the end of the file, unless the file is not
     * a regular file, is failing, is within {@value #LINE_ROOM} bytes of {@code maxBytes}, or was
     * closed (the pipe outlived its run): then nothing is done and the bytes come to
     * {@link #write} instead.
     */
    synchronized void splice(ReadyPipe pipe) {
        // A closed file is not opened here: the turn may be only the pipe's end.
        if (closed || !regular || spliceRefused || !ensureOpen()) {
            return;
        }
        long room = maxBytes > 0 ? maxBytes - LINE_ROOM - size : Long.MAX_VALUE;
        if (room <= 0) {
            return;
        }
        try {
            if (pipe.spliceTo(file, room) > 0) {
                size = file.size();
                openLineStart = 1;
                recovered();
            }
        } catch (IOException e) {
            fail(e);
        } catch (UnsupportedOperationException e) {
            spliceRefused = true;
        }
    }

    private void recovered() {
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
    public synchronized void reopen() {
        if (closed) {
            return;
        }
        closeFile();
        nextTry = 0;
        ensureOpen();
    }

    /** Empties the file and deletes its backups ({@code clear}). */
    public synchronized void clear() {
        if (!regular) {
            return;
        }
        try {
            for (int i = 1; i <= Math.max(backups, 1); i++) {
                Files.deleteIfExists(backup(i));
            }
            if (file != null) {
                file.truncate();
                size = 0;
            }
        } catch (IOException e) {
            reports.error(path + ": cannot clear (" + reason(e) + ")");
        }
    }

    /** The last {@code n} bytes written, reaching into {@code x.log.1} when the current file is shorter. */
    public byte[] tail(int n) {
        return FileTail.read(path, backups > 0 ? backup(1) : null, n);
    }

    @Override
    public synchronized void close() {
        closed = true;
        closeFile();
    }

    private void writeRotating(ByteBuffer src) throws IOException {
        while (src.hasRemaining()) {
            if (openLineStart > 0) {
                finishLine(src);
                continue;
            }
            long room = maxBytes - size;
            if (room <= 0) {
                rotate();
                continue;
            }
            int take = src.remaining();
            // Filling the file exactly is cut too: a line that goes on in the next buffer would
            // otherwise be split, and buffers that end at maxBytes are the rule after a splice.
            if (take >= room) {
                int lineEnd = lastLineEnd(src, (int) room);
                if (lineEnd > 0) {
                    take = lineEnd;
                } else if (size > 0 && openLineStart < 0) {
                    // Start the line in a fresh file rather than split it.
                    rotate();
                    continue;
                } else {
                    take = (int) room; // a line that began the file and is longer than it: cut
                }
            }
            writeFully(src, take);
        }
    }

    /**
     * The file ends inside a line that began after others: a read ended within it. It is
     * finished here, past {@code maxBytes} if need be but by {@value #LINE_ROOM} bytes at most,
     * rather than split; a longer line goes on in a fresh file.
     */
    private void finishLine(ByteBuffer src) throws IOException {
        long allowed = maxBytes + LINE_ROOM - size;
        int rest = allowed > 0 ? firstLineEnd(src, (int) Math.min(allowed, src.remaining())) : 0;
        if (rest > 0) {
            writeFully(src, rest);
        } else if (allowed >= src.remaining()) {
            writeFully(src, src.remaining()); // its end comes with a later read
        } else {
            rotate();
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

    /** The length of the shortest prefix of at most {@code max} bytes that ends with a newline, or 0. */
    private static int firstLineEnd(ByteBuffer src, int max) {
        int start = src.position();
        int end = Math.min(src.limit(), start + max);
        for (int i = start; i < end; i++) {
            if (src.get(i) == '\n') {
                return i - start + 1;
            }
        }
        return 0;
    }

    private void writeFully(ByteBuffer src, int n) throws IOException {
        int limit = src.limit();
        int start = src.position();
        int end = start + n;
        src.limit(end);
        try {
            long at = size;
            file.write(src);
            size = file.size();
            int lastNewline = end - 1;
            while (lastNewline >= start && src.get(lastNewline) != '\n') {
                lastNewline--;
            }
            if (lastNewline == end - 1) {
                openLineStart = -1;
            } else if (lastNewline >= start) {
                openLineStart = at + lastNewline - start + 1;
            } else if (openLineStart < 0) {
                openLineStart = at;
            }
        } finally {
            src.limit(limit);
        }
    }

    private void rotate() throws IOException {
        closeFile();
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
        if (file != null) {
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
        file = kernel.openOutputFile(path);
        size = file.size();
        openLineStart = -1;
        regular = Files.isRegularFile(path);
        spliceRefused = false;
    }

    private void fail(IOException e) {
        // Close, so that the next try starts from a fresh open: the file may have been
        // deleted, the directory remounted, or the descriptor broken.
        closeFile();
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

    private void closeFile() {
        if (file != null) {
            file.close();
            file = null;
        }
    }

    /** The reason in the system's words, whether the JDK or the process kernel failed. */
    public static String reason(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "No such file or directory";
        }
        if (e instanceof AccessDeniedException) {
            return "Permission denied";
        }
        String m = e.getMessage();
        return m == null ? e.getClass().getSimpleName() : m;
    }
}
