package dev.capstan.shell;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Hands followed output from the logs thread (which must never block) to the command's thread
 * (which blocks on a slow client). Keeps at most {@link #LIMIT} bytes waiting and drops the
 * rest, saying how much was lost.
 */
final class LogFollower implements Consumer<byte[]> {
    static final int LIMIT = 1 << 20;

    private final LinkedBlockingQueue<byte[]> chunks = new LinkedBlockingQueue<>();
    private final AtomicLong queued = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();

    /** Called on the logs thread. */
    @Override
    public void accept(byte[] chunk) {
        if (queued.addAndGet(chunk.length) > LIMIT) {
            queued.addAndGet(-chunk.length);
            dropped.addAndGet(chunk.length);
            return;
        }
        chunks.add(chunk);
    }

    /**
     * Prints the {@code tail}, then copies what follows to {@code out} until the thread is
     * interrupted (the client went away). Output delivered before the tail is read is in the
     * tail and is skipped; what comes later is kept. So nothing goes missing between the tail
     * and the follow, and a line shows twice only if it is delivered after the tail was read.
     */
    void pump(Output out, Supplier<byte[]> tail) throws InterruptedException {
        List<byte[]> inTail = new ArrayList<>();
        chunks.drainTo(inTail);
        for (byte[] chunk : inTail) {
            queued.addAndGet(-chunk.length);
        }
        out.stream(tail.get());
        while (true) {
            byte[] chunk = chunks.take();
            queued.addAndGet(-chunk.length);
            out.stream(chunk);
            long lost = dropped.getAndSet(0);
            if (lost > 0) {
                out.stream(("\n[capstan: " + lost + " bytes dropped: the client reads too slowly]\n").getBytes(StandardCharsets.UTF_8));
            }
        }
    }
}
