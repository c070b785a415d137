package dev.capstan.logs.lines;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The {@link dev.capstan.api.ServiceOutput#onLine} listeners of one run (readiness by
 * {@code log:REGEX}). Lines are decoded only while someone listens.
 */
public final class LineListeners {

    private final CopyOnWriteArrayList<Consumer<String>> listeners = new CopyOnWriteArrayList<>();

    public AutoCloseable add(Consumer<String> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    public boolean active() {
        return !listeners.isEmpty();
    }

    public void line(ByteBuffer buf, int from, int to) {
        if (listeners.isEmpty()) {
            return;
        }
        byte[] bytes = new byte[to - from];
        buf.get(from, bytes);
        String line = new String(bytes, StandardCharsets.UTF_8);
        for (Consumer<String> l : listeners) {
            try {
                l.accept(line);
            } catch (RuntimeException e) {
                // A broken listener must not take the service's output down with it.
                listeners.remove(l);
            }
        }
    }
}
