package dev.capstan.logs.mainlog;

import dev.capstan.api.LogSlice;
import dev.capstan.logs.tails.ByteRing;
import dev.capstan.logs.tails.Followers;
import java.nio.ByteBuffer;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * The in-memory tail of Capstan's own log ({@code maintail}), fed by the logback appender.
 * Each line is kept as {@code 2025-06-01T12:00:00.123Z INFO message}. Thread-safe.
 */
public final class MainLog {

    static final int RING_BYTES = 256 * 1024;

    private final ByteRing ring = new ByteRing(RING_BYTES);
    private final Followers followers;

    public MainLog(Executor executor) {
        this.followers = new Followers(executor);
    }

    /** Keeps whole lines (not consumed). */
    void append(ByteBuffer lines) {
        ring.write(lines);
        followers.publish(lines);
    }

    public byte[] tail(int bytes) {
        return ring.last(bytes);
    }

    public LogSlice read(long offset, int length) {
        return ring.slice(offset, length);
    }

    public void clear() {
        ring.clear();
    }

    public AutoCloseable follow(Consumer<byte[]> sink) {
        return followers.add(sink);
    }
}
