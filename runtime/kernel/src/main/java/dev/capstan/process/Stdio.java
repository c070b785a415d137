package dev.capstan.process;

import java.nio.file.Path;
import java.util.Objects;

/** Where one of a child's file descriptors points. */
public sealed interface Stdio {

    /** {@code /dev/null}. */
    static Stdio devNull() {
        return DevNull.INSTANCE;
    }

    /** The same open file as the supervisor's own descriptor of that number (the console). */
    static Stdio inherit() {
        return Inherit.INSTANCE;
    }

    /** A file opened for the child (created with mode 0644); appended to unless {@code truncate}. */
    static Stdio file(Path path, boolean truncate) {
        return new File(path, truncate);
    }

    /** A pipe whose read end the kernel reads and hands to {@code handler}. */
    static Stdio pipe(OutputHandler handler) {
        return new Pipe(handler);
    }

    /**
     * For stdin only: a new pipe whose read end is the child's stdin and whose write end Capstan
     * writes through {@link Child#stdin()}, which queues at most {@code capacity} bytes that the
     * pipe cannot take yet (see {@link InputPipe}).
     *
     * @throws IllegalArgumentException when {@code capacity} is not positive
     */
    static Stdio input(int capacity) {
        return new Input(capacity);
    }

    /** For stderr: the same pipe or file as the child's stdout ({@code redirect_stderr}). */
    static Stdio sameAsStdout() {
        return SameAsStdout.INSTANCE;
    }

    enum DevNull implements Stdio { INSTANCE }

    enum Inherit implements Stdio { INSTANCE }

    enum SameAsStdout implements Stdio { INSTANCE }

    record File(Path path, boolean truncate) implements Stdio {
        public File {
            Objects.requireNonNull(path, "path");
        }
    }

    record Pipe(OutputHandler handler) implements Stdio {
        public Pipe {
            Objects.requireNonNull(handler, "handler");
        }
    }

    record Input(int capacity) implements Stdio {
        public Input {
            if (capacity <= 0) {
                throw new IllegalArgumentException("capacity " + capacity + ": must be positive");
            }
        }
    }

    /**
     * A descriptor the kernel holds open for children to share: an end of a {@link HeldPipe} or
     * a {@link ListeningSocket}. Each child given it gets its own copy at spawn; the kernel's stays
     * open until the owner closes the pipe or socket. Only the kernel that made one can use it.
     */
    non-sealed interface Held extends Stdio {

        /** Whether children read it (it can be stdin) rather than write it (stdout, stderr). */
        boolean isInput();
    }
}
