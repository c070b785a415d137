package dev.capstan.engine.events;

import dev.capstan.api.ServiceEvents;
import dev.capstan.api.ServiceSpec;
import dev.capstan.api.ServiceState;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes every state change visible: one EventAdmin event (topic {@code dev/capstan/service/<STATE>},
 * properties of {@link ServiceEvents}) and one log line; and posts the definitions and the
 * engine's own RUNNING and STOPPING (the engine logs those itself). EventAdmin is optional:
 * without it the log line is still written, since watchers are a feature and supervision must
 * not depend on them. Called on the engine thread, so the events are posted in the order things
 * happened.
 *
 * <p>Each {@code postEvent} wakes EventAdmin's thread, which the scheduler lets take the engine
 * thread's CPU at once: a start pass that spawns 1000 services was interrupted at every spawn. So
 * the events of a pass are held and posted when it ends ({@link #hold}, {@link #release}).
 */
public final class StatePublisher {
    private static final Logger LOG = LoggerFactory.getLogger("dev.capstan.service");

    private final Supplier<EventAdmin> eventAdmin;
    private final AtomicLong posted = new AtomicLong();
    /** The events held since {@link #hold}, in the order they happened; null when none are held. */
    private List<Event> held;

    /** @param eventAdmin the current EventAdmin, or null while there is none */
    public StatePublisher(Supplier<EventAdmin> eventAdmin) {
        this.eventAdmin = eventAdmin;
    }

    public void publish(StateChange change) {
        log(change);
        if (post(ServiceEvents.topic(change.to()), properties(change))) {
            posted.incrementAndGet();
        }
    }

    /** A service was defined ({@code added}) or defined differently. */
    public void defined(ServiceSpec spec, boolean added) {
        post(added ? ServiceEvents.DEFINITION_ADDED : ServiceEvents.DEFINITION_CHANGED, definition(spec));
    }

    public void removed(ServiceSpec spec) {
        post(ServiceEvents.DEFINITION_REMOVED, definition(spec));
    }

    /** The first start pass: the configuration read at boot is applied. */
    public void supervisorRunning() {
        post(ServiceEvents.SUPERVISOR_RUNNING, Map.of());
    }

    /** The shutdown begins. */
    public void supervisorStopping() {
        post(ServiceEvents.SUPERVISOR_STOPPING, Map.of());
    }

    /** Holds the events from now on, until {@link #release}. */
    public void hold() {
        if (held == null) {
            held = new ArrayList<>();
        }
    }

    /** Posts the events held since {@link #hold}, and from now on each as it comes. */
    public void release() {
        List<Event> events = held;
        held = null;
        EventAdmin admin = eventAdmin.get();
        if (admin != null && events != null) {
            events.forEach(admin::postEvent);
        }
    }

    /** @return whether there was an EventAdmin to hand it to */
    private boolean post(String topic, Map<String, Object> properties) {
        EventAdmin admin = eventAdmin.get();
        if (admin == null) {
            return false;
        }
        Event event = new Event(topic, properties);
        if (held != null) {
            held.add(event);
        } else {
            // postEvent: asynchronous, so a slow handler never holds the engine thread.
            admin.postEvent(event);
        }
        return true;
    }

    private static Map<String, Object> definition(ServiceSpec spec) {
        return Map.of(ServiceEvents.NAME, spec.name(), ServiceEvents.GROUP, spec.group(), ServiceEvents.SPEC, spec);
    }

    /** State changes handed to EventAdmin so far. */
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
