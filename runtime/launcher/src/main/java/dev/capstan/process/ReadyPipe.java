package dev.capstan.process;

import java.io.IOException;

/**
 * A pipe with output waiting in it, lent to a {@link SplicingHandler} for the duration of one
 * {@link SplicingHandler#onReadable} call. Not valid after that call returns.
 */
public interface ReadyPipe {

    /**
     * Moves up to {@code maxBytes} of what waits in the pipe to the end of {@code file} with
     * splice(2): the bytes go from pipe to file inside the operating system and never enter the
     * JVM. Never waits for more output than is there.
     *
     * @return the number of bytes moved; 0 when there was nothing to move (every writer closed
     *         the pipe, and the handler's {@code onEnd} follows, or it was empty for now)
     * @throws IOException when the file cannot take the bytes (full disk, I/O error); none was
     *         moved by this call and they are still in the pipe
     * @throws UnsupportedOperationException when {@code file}'s file system cannot splice
     *         (splice(2) says EINVAL): write to it instead
     */
    long spliceTo(OutputFile file, long maxBytes) throws IOException;
}
