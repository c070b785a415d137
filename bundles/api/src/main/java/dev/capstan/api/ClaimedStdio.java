package dev.capstan.api;

import dev.capstan.process.Child;
import dev.capstan.process.Stdio;

/**
 * The stdin and stdout of one process, taken by a {@link StdioClaimant}. The engine gives
 * {@link #stdin()} and {@link #stdout()} to the kernel, then calls {@link #spawned} once the
 * process exists (not at all when the spawn failed), then {@link #close()} once it has been
 * reaped or its spawn failed. All three calls come on the engine thread, in that order, and must
 * not block; the stdout handler's calls come on the kernel's pipe threads meanwhile, possibly
 * before {@link #spawned}.
 */
public interface ClaimedStdio extends AutoCloseable {

    /** What the process reads, typically {@link Stdio#input}. */
    Stdio stdin();

    /** What the process writes, typically {@link Stdio#pipe}. */
    Stdio stdout();

    /** The process exists; {@link Child#stdin()} holds the write end when {@link #stdin()} was an input pipe. */
    void spawned(Child child);

    /** The process is gone (reaped), or was never started. Idempotent. */
    @Override
    void close();
}
