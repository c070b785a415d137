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
     * JVM. Never waits for more output than is there. May be called again in the same
     * {@code onReadable}, unless it threw.
     *
     * @return the number of bytes moved; 0 when there was nothing to move (every writer closed
     *         the pipe, and the handler's {@code onEnd} follows, or it was empty for now)
     * @throws IOException when the file cannot take the bytes (full disk, I/O error); those this
     *         call took from the pipe and could not write come to the handler's {@code onOutput}
     *         once {@code onReadable} returns, before anything else from the pipe
     * @throws UnsupportedOperationException when {@code file}'s file system cannot splice
     *         (splice(2) says EINVAL): write to it instead; the bytes come to {@code onOutput}
     *         as for an IOException
     */
    long spliceTo(OutputFile file, long maxBytes) throws IOException;
}
