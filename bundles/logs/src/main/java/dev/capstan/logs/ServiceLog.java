package dev.capstan.logs;

import dev.capstan.api.StreamName;
import dev.capstan.logs.files.Reports;
import dev.capstan.process.ProcessKernel;
import java.util.concurrent.ScheduledExecutorService;

/** Both streams of one service as Capstan keeps them across runs. Thread-safe. */
final class ServiceLog implements AutoCloseable {

    private final StreamLog stdout;
    private final StreamLog stderr;
    private volatile boolean redirected;

    ServiceLog(ScheduledExecutorService executor, ProcessKernel kernel, Reports reports) {
        this.stdout = new StreamLog(executor, kernel, reports);
        this.stderr = new StreamLog(executor, kernel, reports);
    }

    /** The log kept of {@code stream}; with redirect_stderr, stderr is in stdout's. */
    StreamLog stream(StreamName stream) {
        return stream == StreamName.STDOUT || redirected ? stdout : stderr;
    }

    StreamLog stdout() {
        return stdout;
    }

    StreamLog stderr() {
        return stderr;
    }

    void redirected(boolean r) {
        redirected = r;
        if (r) {
            stderr.useNothing();
        }
    }

    void clear() {
        stdout.clear();
        stderr.clear();
    }

    void reopen() {
        stdout.reopen();
        stderr.reopen();
    }

    @Override
    public void close() {
        stdout.close();
        stderr.close();
    }
}
