package dev.capstan.events.pool;

import dev.capstan.api.EventType;
import dev.capstan.events.protocol.Payload;
import java.util.HashMap;
import java.util.Map;

/**
 * One event on its way to the listeners: its type and payload, fixed when it happened, and the
 * serials supervisord gives it when a pool takes it (the global one from the first pool, a pool
 * serial from each pool). A rejected event keeps its serials when it is sent again.
 */
final class SupervisorEvent {
    final EventType type;
    final Payload payload;
    private long serial = -1;
    private final Map<String, Long> poolSerials = new HashMap<>(2);

    SupervisorEvent(EventType type, Payload payload) {
        this.type = type;
        this.payload = payload;
    }

    long serial(Serials global) {
        if (serial < 0) {
            serial = global.next();
        }
        return serial;
    }

    long serial() {
        return serial;
    }

    long poolSerial(String pool, Serials serials) {
        return poolSerials.computeIfAbsent(pool, p -> serials.next());
    }

    int size() {
        return payload.bytes().length;
    }
}
