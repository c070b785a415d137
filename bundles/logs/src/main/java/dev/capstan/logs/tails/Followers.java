package dev.capstan.logs.tails;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The {@code tail -f} sinks of one stream. Bytes are copied and handed to the sinks on the logs
 * executor, never on the writer's thread, so a follower cannot slow a service down. Costs the
 * writer one volatile read while nobody follows.
 *
 * <p>If the followers fall more than {@link #MAX_BACKLOG} bytes behind, further bytes are skipped
 * for them (never for the log itself) and the next delivery says how many.
 */
public final class Followers {

    static final long MAX_BACKLOG = 8L << 20;

    private final Executor executor;
    private final CopyOnWriteArrayList<Consumer<byte[]>> sinks = new CopyOnWriteArrayList<>();
    private final AtomicLong backlog = new AtomicLong();
    private final AtomicLong skipped = new AtomicLong();

    public Followers(Executor executor) {
        this.executor = executor;
    }

    public AutoCloseable add(Consumer<byte[]> sink) {
        sinks.add(sink);
        return () -> sinks.remove(sink);
    }

    /** Whether anyone follows, i.e. the bytes must be {@linkplain #publish published}. */
    public boolean active() {
        return !sinks.isEmpty();
    }

    /** Sends {@code bytes}' remaining bytes (not consumed) to every sink. */
    public void publish(ByteBuffer bytes) {
        int n = bytes.remaining();
        if (n == 0 || sinks.isEmpty()) {
            return;
        }
        if (backlog.get() + n > MAX_BACKLOG) {
            skipped.addAndGet(n);
            return;
        }
        byte[] copy = new byte[n];
        bytes.get(bytes.position(), copy);
        backlog.addAndGet(n);
        try {
            executor.execute(() -> deliver(copy));
        } catch (RejectedExecutionException e) {
            backlog.addAndGet(-n); // shutting down
        }
    }

    private void deliver(byte[] bytes) {
        backlog.addAndGet(-bytes.length);
        long lost = skipped.getAndSet(0);
        if (lost > 0) {
            send(("\n[capstan: " + lost + " bytes skipped, this follower fell behind]\n").getBytes(StandardCharsets.UTF_8));
        }
        send(bytes);
    }

    private void send(byte[] bytes) {
        for (Consumer<byte[]> sink : sinks) {
            try {
                sink.accept(bytes);
            } catch (RuntimeException e) {
                // A broken follower (its client went away) must not stop the others.
                sinks.remove(sink);
            }
        }
    }
}
