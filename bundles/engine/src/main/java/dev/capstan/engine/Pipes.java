package dev.capstan.engine;

import dev.capstan.process.HeldPipe;
import dev.capstan.process.ProcessKernel;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * The pipes between producers and their consumers ({@code producer_for}), one per consumer,
 * made by the kernel when the first end of it starts and held until the consumer is removed: so a
 * producer or a consumer restarts alone, and what is in the pipe waits for the next reader.
 * Used on the engine thread only.
 */
final class Pipes implements AutoCloseable {
    private final ProcessKernel kernel;
    private final Map<String, HeldPipe> byConsumer = new HashMap<>();

    Pipes(ProcessKernel kernel) {
        this.kernel = kernel;
    }

    /** The pipe into {@code consumer}, made at first use. */
    HeldPipe into(String consumer) throws IOException {
        HeldPipe pipe = byConsumer.get(consumer);
        if (pipe == null) {
            pipe = kernel.pipe();
            byConsumer.put(consumer, pipe);
        }
        return pipe;
    }

    /** {@code consumer} is gone: its pipe closes (its producers' next spawns get a new one). */
    void release(String consumer) {
        HeldPipe pipe = byConsumer.remove(consumer);
        if (pipe != null) {
            pipe.close();
        }
    }

    @Override
    public void close() {
        for (HeldPipe pipe : byConsumer.values()) {
            pipe.close();
        }
        byConsumer.clear();
    }
}
