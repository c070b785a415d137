package dev.capstan.process;

/**
 * A pipe the kernel holds open between services ({@link ProcessKernel#pipe()}): one service's
 * output is another's input, as s6-rc's producer-for and consumer-for pipelines hold theirs in
 * s6-fdholder. The read end is given as a consumer's stdin, the write end as a producer's stdout
 * or stderr, each through a {@link Stdio.Held}.
 *
 * <p>Because the kernel keeps both ends open, either side can be restarted alone: a consumer
 * never reads EOF because its producer exited, a producer never gets EPIPE because its consumer
 * exited, and what is in the pipe when a consumer dies waits there for the next one. While no
 * consumer runs, a producer that fills the pipe blocks in write, as it would on a slow consumer.
 *
 * <p>Thread-safe. {@link #close()} closes the kernel's two descriptors; children that hold an end
 * keep it (the consumer reads EOF once no producer is left), and later spawns given an end fail
 * with a {@link SpawnException}.
 */
public interface HeldPipe extends AutoCloseable {

    /** The read end, for a child's stdin. */
    Stdio.Held readEnd();

    /** The write end, for a child's stdout or stderr. */
    Stdio.Held writeEnd();

    /** Releases the kernel's ends; closing twice does nothing. */
    @Override
    void close();
}
