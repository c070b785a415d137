package dev.capstan.engine;

import dev.capstan.api.ServiceEvents;
import dev.capstan.api.ServiceState;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;

/**
 * The engine's edge to EventAdmin: keeps every state change with the time it was posted, and the
 * other events (definitions, the supervisor's RUNNING and STOPPING) by topic.
 */
final class RecordingEvents implements EventAdmin {

    record Posted(long nanos, Event event) {
        String name() {
            return (String) event.getProperty(ServiceEvents.NAME);
        }

        ServiceState state() {
            return ServiceState.valueOf((String) event.getProperty(ServiceEvents.STATE));
        }

        Object get(String property) {
            return event.getProperty(property);
        }

        int pid() {
            Object pid = event.getProperty(ServiceEvents.PID);
            return pid == null ? 0 : (Integer) pid;
        }
    }

    final List<Posted> posted = new CopyOnWriteArrayList<>();
    final List<Event> others = new CopyOnWriteArrayList<>();

    @Override
    public void postEvent(Event event) {
        if (event.getTopic().startsWith(ServiceEvents.TOPIC_PREFIX)) {
            posted.add(new Posted(System.nanoTime(), event));
        } else {
            others.add(event);
        }
    }

    /** The topics of the events that are not state changes, in the order they were posted. */
    List<String> otherTopics() {
        return others.stream().map(Event::getTopic).toList();
    }

    @Override
    public void sendEvent(Event event) {
        postEvent(event);
    }

    List<Posted> of(String name) {
        return posted.stream().filter(p -> p.name().equals(name)).toList();
    }

    List<Posted> of(String name, ServiceState state) {
        return of(name).stream().filter(p -> p.state() == state).toList();
    }

    List<ServiceState> states(String name) {
        return of(name).stream().map(Posted::state).toList();
    }

    /** When the service first entered the state, in System.nanoTime. */
    long first(String name, ServiceState state) {
        return of(name, state).stream().mapToLong(Posted::nanos).min()
                .orElseThrow(() -> new AssertionError(name + " never was " + state + ": " + states(name)));
    }
}
