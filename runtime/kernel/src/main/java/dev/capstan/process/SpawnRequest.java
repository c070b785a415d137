package dev.capstan.process;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Everything the kernel needs to start one child. Immutable; build it with {@link #builder}.
 *
 * <p>The child always leads a new session and process group (its pgid is its pid), starts with
 * an empty signal mask and default signal dispositions, and holds no descriptor but 0, 1, 2 and
 * the {@linkplain Builder#pipe(int, OutputHandler) extra pipes} asked for.
 */
public final class SpawnRequest {

    private final List<String> argv;
    private final Map<String, String> environment;
    private final Path directory;
    private final Integer umask;
    private final Credentials user;
    private final Stdio stdin;
    private final Stdio stdout;
    private final Stdio stderr;
    private final Map<Integer, OutputHandler> extraPipes;

    private SpawnRequest(Builder b) {
        this.argv = List.copyOf(b.argv);
        this.environment = Map.copyOf(b.environment);
        this.directory = b.directory;
        this.umask = b.umask;
        this.user = b.user;
        this.stdin = b.stdin;
        this.stdout = b.stdout;
        this.stderr = b.stderr;
        this.extraPipes = Map.copyOf(b.extraPipes);
    }

    /** @param argv the command and its arguments; argv[0] is looked up in the supervisor's PATH */
    public static Builder builder(List<String> argv) {
        return new Builder(argv);
    }

    public List<String> argv() {
        return argv;
    }

    /** Exactly the child's environment: nothing is inherited that is not here. */
    public Map<String, String> environment() {
        return environment;
    }

    public Optional<Path> directory() {
        return Optional.ofNullable(directory);
    }

    public Optional<Integer> umask() {
        return Optional.ofNullable(umask);
    }

    public Optional<Credentials> user() {
        return Optional.ofNullable(user);
    }

    public Stdio stdin() {
        return stdin;
    }

    public Stdio stdout() {
        return stdout;
    }

    public Stdio stderr() {
        return stderr;
    }

    /** Child fd number (3 or more) to the handler reading the pipe behind it, e.g. a readiness fd. */
    public Map<Integer, OutputHandler> extraPipes() {
        return extraPipes;
    }

    @Override
    public String toString() {
        return String.join(" ", argv);
    }

    /** Not thread-safe; one builder per request. */
    public static final class Builder {
        private final List<String> argv;
        private final Map<String, String> environment = new TreeMap<>();
        private Path directory;
        private Integer umask;
        private Credentials user;
        private Stdio stdin = Stdio.devNull();
        private Stdio stdout = Stdio.inherit();
        private Stdio stderr = Stdio.inherit();
        private final Map<Integer, OutputHandler> extraPipes = new LinkedHashMap<>();

        private Builder(List<String> argv) {
            if (argv.isEmpty() || argv.get(0).isEmpty()) {
                throw new IllegalArgumentException("empty command");
            }
            this.argv = List.copyOf(argv);
        }

        public Builder environment(Map<String, String> env) {
            environment.clear();
            environment.putAll(env);
            return this;
        }

        public Builder directory(Path dir) {
            this.directory = dir;
            return this;
        }

        public Builder umask(int mask) {
            if (mask < 0 || mask > 0777) {
                throw new IllegalArgumentException("umask " + Integer.toOctalString(mask) + ": not in 000-777");
            }
            this.umask = mask;
            return this;
        }

        public Builder user(Credentials credentials) {
            this.user = credentials;
            return this;
        }

        /**
         * @throws IllegalArgumentException for what a child writes: an output pipe, "same as
         *         stdout", or the write end of a {@link HeldPipe}
         */
        public Builder stdin(Stdio s) {
            if (s instanceof Stdio.Pipe || s instanceof Stdio.SameAsStdout
                    || s instanceof Stdio.Held held && !held.isInput()) {
                throw new IllegalArgumentException("stdin cannot be " + s);
            }
            this.stdin = Objects.requireNonNull(s);
            return this;
        }

        /** @throws IllegalArgumentException for what a child reads, or "same as stdout" */
        public Builder stdout(Stdio s) {
            if (s instanceof Stdio.SameAsStdout) {
                throw new IllegalArgumentException("stdout cannot be the same as stdout");
            }
            this.stdout = output("stdout", s);
            return this;
        }

        /** @throws IllegalArgumentException for what a child reads */
        public Builder stderr(Stdio s) {
            this.stderr = output("stderr", s);
            return this;
        }

        private static Stdio output(String name, Stdio s) {
            if (s instanceof Stdio.Input || s instanceof Stdio.Held held && held.isInput()) {
                throw new IllegalArgumentException(name + " cannot be " + s);
            }
            return Objects.requireNonNull(s);
        }

        /** Gives the child the write end of a new pipe as fd {@code childFd} (3 or more). */
        public Builder pipe(int childFd, OutputHandler handler) {
            if (childFd < 3) {
                throw new IllegalArgumentException("fd " + childFd + ": extra pipes start at fd 3");
            }
            extraPipes.put(childFd, Objects.requireNonNull(handler));
            return this;
        }

        public SpawnRequest build() {
            return new SpawnRequest(this);
        }
    }
}
