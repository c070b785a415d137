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
}
