package dev.capstan.process;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * A file the kernel opened for a service's output ({@link ProcessKernel#openOutputFile}), written
 * from Java with {@link #write} or straight from a pipe with {@link ReadyPipe#spliceTo}. Both go to
 * the file's current end, as in append mode, so a file that someone else truncates (logrotate's
 * {@code copytruncate}) goes on from its new end. The file is not opened in append mode itself
 * because splice(2) refuses such files.
 *
 * <p>Not thread-safe: one writer at a time, which holds its own lock across each call.
 * Failures are {@link IOException}s whose message is the system's reason, e.g.
 * "No space left on device".
 */
public interface OutputFile extends Closeable {

    /** Writes all of {@code bytes}' remaining bytes (consumed) at the end of the file. */
    void write(ByteBuffer bytes) throws IOException;

    /**
     * The file's length after the last write or splice through this handle (at open: its length
     * then). Meaningful for a regular file only.
     */
    long size();

    /** Empties the file; writing goes on from its start. */
    void truncate() throws IOException;

    /** Releases the descriptor; later calls fail. Closing twice does nothing. */
    @Override
    void close();
}
