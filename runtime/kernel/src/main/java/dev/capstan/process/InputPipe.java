package dev.capstan.process;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletionStage;

/**
 * The write end of a child's stdin pipe ({@link Stdio#input}), through which Capstan writes to the
 * child: supervisord's {@code sendProcessStdin}, event headers and payloads to an event listener.
 *
 * <p>Writing never blocks. {@link #write} puts what the pipe takes at once into the pipe, with a
 * non-blocking write on the caller's thread, and queues the rest; one of the kernel's pipe threads
 * writes the queue whenever the pipe can take more (the child reads). The queue holds at most
 * {@link #capacity()} bytes: a write that does not fit is refused whole, so a message is never
 * half sent.
 *
 * <p>The pipe ends, and later writes throw, when:
 * <ul>
 * <li>the owner {@linkplain #close() closes} it: the child reads EOF once the queued bytes are
 *     in the pipe;
 * <li>the child closed its stdin (and no process of its own holds it): the next write to the
 *     pipe fails with EPIPE ("Broken pipe"); the JVM handles SIGPIPE, so nothing else happens to
 *     Capstan. Queued bytes are dropped;
 * <li>the child is reaped: the kernel closes the write end and drops what is still queued, as
 *     supervisord closes a process's pipes when it finishes, before {@link Child#exit()}
 *     completes.
 * </ul>
 *
 * <p>Thread-safe. Every method returns at once: they take a lock that is held only around
 * non-blocking calls. {@link #drained()} completes on the kernel's dispatch executor, the one that
 * completes {@link Child#exit()}; for a child that is reaped, its stdin's last {@code drained()}
 * completes before its exit.
 */
public interface InputPipe extends AutoCloseable {

    /**
     * Writes or queues all of {@code bytes}' remaining bytes, consuming them, or none of them.
     *
     * @return false, taking nothing, when they do not fit in what is left of the queue's capacity
     *         now; {@link #drained()} says when it is empty again
     * @throws IllegalArgumentException when they are more than {@link #capacity()}: they never fit
     * @throws IOException when the pipe takes no more bytes: its message says why (closed by the
     *         owner, "Broken pipe" when the child closed its end, or the child was reaped)
     */
    boolean write(ByteBuffer bytes) throws IOException;

    /** The most bytes the queue holds. */
    int capacity();

    /** Bytes accepted by {@link #write} and not yet in the pipe. */
    int queued();

    /**
     * Completes when the queue is next empty (now, if it is): every byte accepted so far is in
     * the pipe, and after {@link #close()} the child has been given EOF. Completes exceptionally
     * with the {@link IOException} of the end when queued bytes were dropped (EPIPE, the child
     * reaped).
     */
    CompletionStage<Void> drained();

    /**
     * Gives the child EOF once the queued bytes are in the pipe; later writes throw. Closing again,
     * or after the pipe ended, does nothing.
     */
    @Override
    void close();
}
