package dev.capstan.events.pool;

import dev.capstan.api.EventType;
import dev.capstan.api.ServiceSpec;
import java.util.ArrayDeque;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@code [eventlistener:x]}: the event types it subscribes to, the buffer of events waiting
 * for a listener, and its listener processes (numprocs of them), as supervisord's
 * {@code EventListenerPool}.
 *
 * <p>The buffer holds {@code buffer_size} events; when a new one comes and it is full, the oldest
 * is discarded with supervisord's error line. Unlike supervisord, while no listener of the pool
 * has said READY since it was started (the pool is starting, or all its listeners are
 * restarting), the buffer holds up to {@value #STARTING_EVENTS} events and
 * {@value #STARTING_BYTES} bytes of payload instead, so the events of a boot are waiting when
 * the listener is; and an event goes to any listener that said READY, where supervisord also
 * waits for the listener to be RUNNING ({@code startsecs}).
 *
 * <p>Used under the {@link EventHub}'s lock only.
 */
final class ListenerPool {
    private static final Logger LOG = LoggerFactory.getLogger(ListenerPool.class);

    static final int STARTING_EVENTS = 1000;
    static final long STARTING_BYTES = 16L * 1024 * 1024;

    final String name;
    private final EventHub hub;
    private final Serials serials = new Serials();
    private final ArrayDeque<SupervisorEvent> buffer = new ArrayDeque<>();
    private long bufferedBytes;
    /** A dispatch runs, and one asked from within it is to run another round ({@link #dispatch}). */
    private boolean dispatching;
    private boolean dispatchAgain;
    /** The pool's listener services, by process name; the spec of the last one defined configures the pool. */
    private final Set<String> members = new TreeSet<>();
    /** Their current processes, by process name: supervisord offers an event to them in this order. */
    private final Map<String, ListenerProcess> processes = new TreeMap<>();
    private Set<EventType> subscriptions = EnumSet.noneOf(EventType.class);
    private int bufferSize = ServiceSpec.DEFAULT_BUFFER_SIZE;

    ListenerPool(String name, EventHub hub) {
        this.name = name;
        this.hub = hub;
    }

    /** A listener service of this pool was defined (again). */
    void define(ServiceSpec spec) {
        members.add(spec.name());
        Set<EventType> subscribed = EnumSet.noneOf(EventType.class);
        for (String event : spec.events()) {
            EventType.named(event).ifPresentOrElse(subscribed::add,
                    () -> LOG.warn("{}: unknown event type {} in events, ignored", spec.fullName(), event));
        }
        subscriptions = subscribed;
        bufferSize = spec.bufferSize();
    }

    /** @return whether the pool has no listener service left */
    boolean undefine(String service) {
        members.remove(service);
        return members.isEmpty();
    }

    Set<EventType> subscriptions() {
        return subscriptions;
    }

    boolean subscribes(EventType type) {
        for (EventType s : subscriptions) {
            if (type.isA(s)) {
                return true;
            }
        }
        return false;
    }

    /** supervisord's {@code _acceptEvent}: gives the event its serials and buffers it. */
    void accept(SupervisorEvent event, boolean head, Serials global) {
        event.serial(global);
        event.poolSerial(name, serials);
        boolean starting = !taking();
        int limit = starting ? Math.max(bufferSize, STARTING_EVENTS) : bufferSize;
        if (buffer.size() >= limit) {
            discardOldest();
        }
        while (starting && !buffer.isEmpty() && bufferedBytes + event.size() > STARTING_BYTES) {
            discardOldest();
        }
        if (head) {
            buffer.addFirst(event);
        } else {
            buffer.addLast(event);
        }
        bufferedBytes += event.size();
    }

    private void discardOldest() {
        SupervisorEvent discarded = buffer.pollFirst();
        bufferedBytes -= discarded.size();
        LOG.error("pool {} event buffer overflowed, discarding event {}", name, discarded.serial());
    }

    /** A listener gave the event back (FAIL, a protocol violation, it died while BUSY): it is sent again first. */
    void requeue(SupervisorEvent event, Serials global) {
        LOG.debug("rebuffering event {} for pool {} (buf size={}, max={})", event.serial(), name, buffer.size(), bufferSize);
        accept(event, true, global);
        dispatch();
    }

    /**
     * supervisord's {@code dispatch}: the oldest events to READY listeners, until none is READY.
     * A listener's stdin that drains while its event is being written asks for a dispatch from
     * within this one; that call only asks for another round, so no event is offered twice.
     */
    void dispatch() {
        if (dispatching) {
            dispatchAgain = true;
            return;
        }
        dispatching = true;
        try {
            do {
                dispatchAgain = false;
                dispatchBuffered();
            } while (dispatchAgain);
        } finally {
            dispatching = false;
        }
    }

    private void dispatchBuffered() {
        while (!buffer.isEmpty()) {
            SupervisorEvent event = buffer.peekFirst();
            if (!offer(event)) {
                return;
            }
            buffer.pollFirst();
            bufferedBytes -= event.size();
        }
    }

    private boolean offer(SupervisorEvent event) {
        for (ListenerProcess p : processes.values()) {
            if (p.canTake() && p.send(event, serials)) {
                return true;
            }
        }
        return false;
    }

    /** Whether some listener process said READY since it was started: the pool is past starting. */
    private boolean taking() {
        for (ListenerProcess p : processes.values()) {
            if (p.saidReady()) {
                return true;
            }
        }
        return false;
    }

    void attach(ListenerProcess process) {
        ListenerProcess old = processes.put(process.name(), process);
        if (old != null && old != process) {
            old.detach();
        }
    }

    void detach(ListenerProcess process) {
        processes.remove(process.name(), process);
    }

    /** The pool is removed: its waiting events go with it, as with supervisord's removed group. */
    void drop() {
        if (!buffer.isEmpty()) {
            LOG.warn("pool {} removed with {} events waiting for a listener", name, buffer.size());
        }
        buffer.clear();
        bufferedBytes = 0;
    }

    EventHub hub() {
        return hub;
    }
}
