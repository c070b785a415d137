package dev.capstan.shell;

import java.io.PrintStream;
import org.apache.felix.service.command.Process;

/**
 * What the running Gogo command prints and the exit status it reports. The status goes through
 * Gogo's own {@link Process#error(int)}, so {@code status web && start web} works in a Gogo
 * script and a caller reads it from the finished job's {@code Result.error()}.
 */
final class Output {
    private final Process process;

    private Output(Process process) {
        this.process = process;
    }

    /** The process of the command running on this thread. */
    static Output current() {
        Process p = Process.Utils.current();
        if (p == null) {
            throw new IllegalStateException("not called from a Gogo command");
        }
        return new Output(p);
    }

    void println(String line) {
        process.out().println(line);
    }

    /** To stderr: errors that must not mix with machine-readable output (status --json). */
    void errorln(String line) {
        process.err().println(line);
    }

    /** Raw bytes (log tails), then a newline if they did not end with one. */
    void text(byte[] bytes) {
        PrintStream out = process.out();
        out.write(bytes, 0, bytes.length);
        if (bytes.length > 0 && bytes[bytes.length - 1] != '\n') {
            out.write('\n');
        }
        out.flush();
    }

    /** Raw bytes as they come (a followed log). */
    void stream(byte[] bytes) {
        process.out().write(bytes, 0, bytes.length);
        process.out().flush();
    }

    /** Sets the exit status; 0 or a negative code (see {@link ExitCode#of}) leaves it as it is. */
    void exit(int code) {
        if (code > 0) {
            process.error(code);
        }
    }

    void lines(Iterable<String> lines) {
        for (String line : lines) {
            println(line);
        }
    }
}
