package dev.capstan.engine;

import dev.capstan.api.LogSlice;
import dev.capstan.api.ServiceLogs;
import dev.capstan.api.ServiceOutput;
import dev.capstan.api.ServiceSpec;
import dev.capstan.api.StreamName;
import dev.capstan.process.OutputHandler;
import dev.capstan.process.Stdio;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * A small real ServiceLogs for engine tests: each stream is a kernel pipe, framed into lines that
 * are kept per service, echoed to the test's stdout and handed to {@code onLine} listeners. The
 * engine uses {@link #open} and {@link #forget}; the rest belongs to the logs bundle's tests.
 */
public final class LineLogs implements ServiceLogs {
    private final Map<String, List<String>> lines = new ConcurrentHashMap<>();

    @Override
    public ServiceOutput open(ServiceSpec spec) {
        return new Output(spec.name(), spec.redirectStderr());
    }

    /** Every line the service wrote so far, stdout and stderr interleaved as read. */
    public List<String> lines(String name) {
        return new ArrayList<>(lines.getOrDefault(name, List.of()));
    }

    @Override
    public byte[] tail(String name, StreamName stream, int bytes) {
        byte[] all = String.join("\n", lines(name)).getBytes(StandardCharsets.UTF_8);
        int from = Math.max(0, all.length - bytes);
        return java.util.Arrays.copyOfRange(all, from, all.length);
    }

    @Override
    public AutoCloseable follow(String name, StreamName stream, Consumer<byte[]> sink) {
        throw new UnsupportedOperationException("not used by the engine");
    }

    @Override
    public LogSlice read(String name, StreamName stream, long offset, int length) {
        throw new UnsupportedOperationException("not used by the engine");
    }

    @Override
    public LogSlice readMain(long offset, int length) {
        throw new UnsupportedOperationException("not used by the engine");
    }

    @Override
    public void clearMain() {
        throw new UnsupportedOperationException("not used by the engine");
    }

    @Override
    public byte[] mainTail(int bytes) {
        throw new UnsupportedOperationException("not used by the engine");
    }

    @Override
    public AutoCloseable followMain(Consumer<byte[]> sink) {
        throw new UnsupportedOperationException("not used by the engine");
    }

    @Override
    public void clear(String name) {
        lines.remove(name);
    }

    @Override
    public void reopen() {
    }

    @Override
    public void forget(String name) {
        lines.remove(name);
    }

    private final class Output implements ServiceOutput {
        private final String name;
        private final boolean redirect;
        private final List<Consumer<String>> listeners = new CopyOnWriteArrayList<>();

        Output(String name, boolean redirect) {
            this.name = name;
            this.redirect = redirect;
        }

        @Override
        public Stdio stdout() {
            return Stdio.pipe(new Framer());
        }

        @Override
        public Stdio stderr() {
            return redirect ? Stdio.sameAsStdout() : Stdio.pipe(new Framer());
        }

        @Override
        public AutoCloseable onLine(Consumer<String> listener) {
            listeners.add(listener);
            return () -> listeners.remove(listener);
        }

        @Override
        public void close() {
        }

        private void line(String line) {
            lines.computeIfAbsent(name, n -> new CopyOnWriteArrayList<>()).add(line);
            System.out.println("[" + name + "] " + line);
            listeners.forEach(l -> l.accept(line));
        }

        private final class Framer implements OutputHandler {
            private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

            @Override
            public void onOutput(ByteBuffer bytes) {
                while (bytes.hasRemaining()) {
                    byte b = bytes.get();
                    if (b == '\n') {
                        line(pending.toString(StandardCharsets.UTF_8));
                        pending.reset();
                    } else {
                        pending.write(b);
                    }
                }
            }

            @Override
            public void onEnd() {
                if (pending.size() > 0) {
                    line(pending.toString(StandardCharsets.UTF_8));
                    pending.reset();
                }
            }
        }
    }
}
