package dev.capstan.http.server;

import dev.capstan.container.Container;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;

/**
 * A listener that cannot bind. When Capstan starts, that ends it with supervisord's exit code 2:
 * a container nobody can control must not run on quietly. Once Capstan runs, a changed setting
 * that cannot be bound (a reload) is an error in the log and the running services stay.
 */
final class ListenerFailure {
    private static final int EXIT_CODE = 2;
    private final AtomicBoolean started = new AtomicBoolean();
    private final String what;

    ListenerFailure(String what) {
        this.what = what;
    }

    /** The listener is up: from now on a failure is a reload's. */
    void bound() {
        started.set(true);
    }

    void failed(Logger log, String where, Exception e, Container container) {
        if (!started.get() && container != null) {
            log.error("{} {}: {}; Capstan cannot run without it and stops (exit {})", what, where, e.getMessage(), EXIT_CODE);
            container.shutdown(EXIT_CODE);
        } else {
            log.error("{} {}: {}; it is not listening", what, where, e.getMessage());
        }
    }
}
