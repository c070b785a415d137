package dev.capstan.bench;

import dev.capstan.api.LogSlice;
import dev.capstan.api.ServiceLogs;
import dev.capstan.api.ServiceOutput;
import dev.capstan.api.ServiceSpec;
import dev.capstan.api.StreamName;
import dev.capstan.process.Stdio;
import java.util.function.Consumer;

/**
 * The engine's logs for its benchmarks: every stream goes to /dev/null, so what is timed is the
 * engine and the kernel, not the log files. No {@code log:} readiness, since no line is read.
 */
final class DiscardedOutput implements ServiceLogs {

    private static final ServiceOutput NOWHERE = new ServiceOutput() {
        @Override
        public Stdio stdout() {
            return Stdio.devNull();
        }

        @Override
        public Stdio stderr() {
            return Stdio.devNull();
        }

        @Override
        public AutoCloseable onLine(Consumer<String> listener) {
            return () -> { };
        }

        @Override
        public void close() {
            // nothing open
        }
    };

    @Override
    public ServiceOutput open(ServiceSpec spec) {
        return NOWHERE;
    }

    @Override
    public byte[] tail(String name, StreamName stream, int bytes) {
        return new byte[0];
    }

    @Override
    public AutoCloseable follow(String name, StreamName stream, Consumer<byte[]> sink) {
        return () -> { };
    }

    @Override
    public LogSlice read(String name, StreamName stream, long offset, int length) {
        return new LogSlice(new byte[0], 0, 0);
    }

    @Override
    public LogSlice readMain(long offset, int length) {
        return new LogSlice(new byte[0], 0, 0);
    }

    @Override
    public void clearMain() {
        // nothing kept
    }

    @Override
    public byte[] mainTail(int bytes) {
        return new byte[0];
    }

    @Override
    public AutoCloseable followMain(Consumer<byte[]> sink) {
        return () -> { };
    }

    @Override
    public void clear(String name) {
        // nothing kept
    }

    @Override
    public void reopen() {
        // no files
    }

    @Override
    public void forget(String name) {
        // nothing kept
    }
}
