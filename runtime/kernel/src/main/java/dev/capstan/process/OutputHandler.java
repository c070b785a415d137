package dev.capstan.process;

import java.nio.ByteBuffer;

/**
 * Receives what a child writes to one pipe (its stdout, its stderr, or a readiness fd).
 *
 * <p>Both methods are called on one of the kernel's pipe-reader threads, in the order the bytes
 * were read, never concurrently for the same pipe; each call happens-before the next for that pipe,
 * even when the next comes on another thread, so a handler needs no locking of its own. What is
 * still in a pipe when the kernel closes is handed over on the thread that closes it.
 * {@link #onEnd()} is called exactly once, after the last {@link #onOutput}, except for a pipe
 * whose spawn failed: that handler is never called. A handler that blocks holds its pipe: the child fills the pipe and
 * then blocks in write, which is the back-pressure the kernel promises instead of dropping bytes.
 * Handlers must not block on anything else, because the kernel has few reader threads.
 */
public interface OutputHandler {

    /**
     * Bytes read from the pipe, between the buffer's position and limit. The buffer is reused
     * after the call returns, so copy what must be kept.
     */
    void onOutput(ByteBuffer bytes);

    /**
     * Every writer closed the pipe. This may come after the child's exit is reported (a
     * grandchild can hold the pipe open), or, for a child that closes its stdout, before it.
     */
    void onEnd();
}
