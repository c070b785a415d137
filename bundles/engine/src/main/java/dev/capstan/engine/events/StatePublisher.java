package dev.capstan.engine.events;

import dev.capstan.api.ServiceEvents;
import dev.capstan.api.ServiceState;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes every state change visible: one EventAdmin event (topic {@code dev/capstan/service/<STATE>},
 * properties of {@link ServiceEvents}) and one log line. EventAdmin is optional: without it the
 * log line is still written, since watchers are a feature and supervision must not depend on them.
 */
public final class StatePublisher {
    private static final Logger LOG = LoggerFactory.getLogger("dev.capstan.service");

    private final Supplier<EventAdmin> eventAdmin;
    private final AtomicLong posted = new AtomicLong();

    /** @param eventAdmin the current EventAdmin, or null while there is none */
    public StatePublisher(Supplier<EventAdmin> eventAdmin) {
        this.eventAdmin = eventAdmin;
    }

    public void publish(StateChange change) {
        log(change);
        EventAdmin admin = eventAdmin.get();
        if (admin != null) {
            // postEvent: asynchronous, so a slow handler never holds the engine thread.
            admin.postEvent(new Event(ServiceEvents.topic(change.to()), properties(change)));
            posted.incrementAndGet();
        }
    }

    /** Events handed to EventAdmin so far. */
    public long posted() {
        return posted.get();
    }

    static Map<String, Object> properties(StateChange c) {
        Map<String, Object> p = new HashMap<>();
        p.put(ServiceEvents.NAME, c.spec().name());
        p.put(ServiceEvents.GROUP, c.spec().group());
        p.put(ServiceEvents.STATE, c.to().name());
        p.put(ServiceEvents.FROM_STATE, c.from().name());
        p.put(ServiceEvents.TRIES, c.tries());
        if (c.pid() > 0) {
            p.put(ServiceEvents.PID, c.pid());
        }
        if (c.exit() != null) {
            if (c.exit().exited()) {
                p.put(ServiceEvents.EXIT_CODE, c.exit().code());
            } else {
                p.put(ServiceEvents.SIGNAL, c.exit().signal());
            }
            if (c.to() == ServiceState.EXITED) {
                // As in supervisord: only an end nobody asked for can be expected or not.
                p.put(ServiceEvents.EXPECTED, c.expected());
            }
        }
        return p;
    }

    private static void log(StateChange c) {
        StringBuilder line = new StringBuilder()
                .append(c.spec().fullName()).append(": ").append(c.from()).append(" -> ").append(c.to());
        if (c.pid() > 0) {
            line.append(", pid ").append(c.pid());
        }
        if (c.exit() != null && c.to() != ServiceState.BACKOFF && c.to() != ServiceState.FATAL) {
            line.append(", ").append(c.exit());
            if (c.to() == ServiceState.EXITED) {
                line.append(c.expected() ? " (expected)" : " (not expected)");
            }
        }
        if (!c.description().isEmpty()) {
            line.append(": ").append(c.description());
        }
        boolean trouble = c.to() == ServiceState.BACKOFF || c.to() == ServiceState.FATAL
                || (c.to() == ServiceState.EXITED && !c.expected());
        if (trouble) {
            LOG.warn("{}", line);
        } else {
            LOG.info("{}", line);
        }
    }
}
