package dev.capstan.process.linux;

import dev.capstan.process.OutputFile;
import dev.capstan.process.ReadyPipe;
import dev.capstan.process.SplicingHandler;
import java.io.IOException;

/**
 * The {@link ReadyPipe} a reader thread lends to a {@link SplicingHandler}: one per thread, pointed
 * at one pipe for the length of one {@code onReadable} call, and afterwards says what the handler
 * did with it, so the thread knows whether to read the pipe itself.
 */
final class PipeSplice implements ReadyPipe {

    private int fd = -1;
    private long moved;
    private boolean empty;
    private boolean ended;

    /** Calls {@code handler.onReadable} with this pointed at {@code pipe}. */
    void offer(int pipe, SplicingHandler handler) {
        fd = pipe;
        moved = 0;
        empty = false;
        ended = false;
        try {
            handler.onReadable(this);
        } finally {
            fd = -1;
        }
    }

    @Override
    public long spliceTo(OutputFile file, long maxBytes) throws IOException {
        if (fd == -1) {
            throw new IllegalStateException("a ReadyPipe is only valid during onReadable");
        }
        if (!(file instanceof LinuxOutputFile out)) {
            throw new IllegalArgumentException(file + " was not opened by this kernel");
        }
        if (maxBytes <= 0) {
            throw new IllegalArgumentException("maxBytes " + maxBytes + ": must be positive");
        }
        long n = out.spliceFrom(fd, maxBytes);
        if (n > 0) {
            moved += n;
        } else if (n == 0) {
            ended = true;
        } else {
            empty = true;
        }
        return Math.max(n, 0);
    }

    /** Bytes the last offer moved. */
    long moved() {
        return moved;
    }

    /** Whether the last offer found every writer gone and the pipe empty. */
    boolean ended() {
        return ended;
    }

    /** Whether the last offer took care of the pipe, so that the thread must not read it. */
    boolean handled() {
        return moved > 0 || empty || ended;
    }
}
