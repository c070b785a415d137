package dev.capstan.process;

/**
 * An {@link OutputHandler} that may have its pipe's bytes moved straight into an
 * {@link OutputFile}, so that they never pass through the JVM, and receives them through
 * {@link #onOutput} only when it needs to see them (to add timestamps, to find lines, to hand
 * them to a follower, or while the file cannot be written).
 *
 * <p>Each time the pipe has output (or every writer closed it), the reader thread calls
 * {@link #onReadable} first. Bytes a failed {@link ReadyPipe#spliceTo} had taken from the pipe
 * then come through {@link #onOutput}. If the handler moved bytes, or {@code spliceTo} found the
 * pipe empty or ended ({@link #onEnd} follows), that is all for this turn. Otherwise, when the
 * handler did not call {@code spliceTo} or it threw before taking anything, the thread reads the
 * pipe as for any handler and calls {@code onOutput} with what it read, or {@code onEnd} at the
 * end. All three methods are called under the same guarantees as {@link OutputHandler}'s: on a
 * pipe-reader thread, one at a time per pipe, each call happening-before the next; {@code onEnd}
 * exactly once and last. Output still in the pipe when the kernel closes is handed over through
 * {@code onOutput}.
 */
public interface SplicingHandler extends OutputHandler {

    /**
     * The pipe has output waiting, or has ended. Call {@code pipe.spliceTo} to move it into a
     * file, or return without calling it to receive the bytes through {@link #onOutput}. Must not
     * block on anything but the file it splices into.
     */
    void onReadable(ReadyPipe pipe);
}
