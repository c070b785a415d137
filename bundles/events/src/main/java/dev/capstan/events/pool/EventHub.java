package dev.capstan.events.pool;

import dev.capstan.api.ClaimedStdio;
import dev.capstan.api.EventType;
import dev.capstan.api.ServiceSpec;
import dev.capstan.api.ServiceState;
import dev.capstan.api.StreamName;
import dev.capstan.events.protocol.Payload;
import dev.capstan.events.protocol.Payloads;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.LongSupplier;

/**
 * Turns what happens in Capstan into supervisord's events and gives each to every pool that
 * subscribes to its type: the pools, the services they are made of, the global serial, the
 * groups (for PROCESS_GROUP_ADDED / _REMOVED) and the tick timer.
 *
 * <p>Groups defined before the supervisor is RUNNING (the boot configuration) are announced when
 * it becomes RUNNING, in priority order and before SUPERVISOR_STATE_CHANGE_RUNNING, as
 * supervisord announces every group it adds at boot before it runs; so every pool sees every
 * group of the boot, whatever its priority, where supervisord's pool sees only the groups it was
 * created before. A service defined differently (a reload) stays in its group: no REMOVED and
 * ADDED, as supervisord's update makes.
 *
 * <p>Thread-safe: every method takes this object's monitor and does only non-blocking work under
 * it (a listener's stdin is the kernel's {@link dev.capstan.process.InputPipe}, whose writes never
 * block), so no caller (the engine thread, EventAdmin's, the pipe threads, the tick timer) ever
 * waits on a listener.
 */
public final class EventHub {

    private final Serials serials = new Serials();
    private final Map<String, ListenerPool> pools = new TreeMap<>();
    /** Every defined service, by name. */
    private final Map<String, ServiceSpec> services = new HashMap<>();
    /** Each group's services. */
    private final Map<String, List<String>> groups = new HashMap<>();
    /** Groups defined before RUNNING, with the lowest priority of their services; announced at RUNNING. */
    private final Map<String, Integer> bootGroups = new LinkedHashMap<>();
    /** Each listener service's current process. */
    private final Map<String, ListenerProcess> listeners = new HashMap<>();
    private final Ticker ticker;
    private String server = "supervisor";
    private boolean running;
    private boolean closed;

    /** @param clockMillis the wall clock in milliseconds, which TICK events follow */
    public EventHub(LongSupplier clockMillis) {
        this.ticker = new Ticker(this, clockMillis);
    }

    /** {@code [supervisord] identifier}: the {@code server:} of every header. */
    public synchronized void server(String identifier) {
        server = identifier;
    }

    synchronized String server() {
        return server;
    }

    Serials serials() {
        return serials;
    }

    // ---- definitions ----

    /** A service was defined, or defined again (perhaps differently). */
    public synchronized void defined(ServiceSpec spec) {
        ServiceSpec old = services.put(spec.name(), spec);
        if (old != null && !old.group().equals(spec.group())) {
            leaveGroup(old);
        }
        if (old != null && old.isEventListener() && (!spec.isEventListener() || !old.group().equals(spec.group()))) {
            leavePool(old);
        }
        if (spec.isEventListener()) {
            pools.computeIfAbsent(spec.group(), g -> new ListenerPool(g, this)).define(spec);
            subscriptionsChanged();
        }
        if (old == null || !old.group().equals(spec.group())) {
            joinGroup(spec);
        } else if (bootGroups.containsKey(spec.group())) {
            bootGroups.merge(spec.group(), spec.priority(), Math::min);
        }
    }

    /** A service was removed. */
    public synchronized void removed(String name) {
        ServiceSpec old = services.remove(name);
        if (old == null) {
            return;
        }
        if (old.isEventListener()) {
            leavePool(old);
            listeners.remove(name);
        }
        leaveGroup(old);
    }

    private void joinGroup(ServiceSpec spec) {
        List<String> members = groups.computeIfAbsent(spec.group(), g -> new ArrayList<>(1));
        members.add(spec.name());
        if (members.size() > 1) {
            bootGroups.computeIfPresent(spec.group(), (g, p) -> Math.min(p, spec.priority()));
            return;
        }
        if (running) {
            publish(EventType.PROCESS_GROUP_ADDED, Payloads.processGroup(spec.group()));
        } else {
            bootGroups.put(spec.group(), spec.priority());
        }
    }

    private void leaveGroup(ServiceSpec spec) {
        List<String> members = groups.get(spec.group());
        if (members == null || !members.remove(spec.name()) || !members.isEmpty()) {
            return;
        }
        groups.remove(spec.group());
        if (bootGroups.remove(spec.group()) == null) {
            publish(EventType.PROCESS_GROUP_REMOVED, Payloads.processGroup(spec.group()));
        }
    }

    private void leavePool(ServiceSpec spec) {
        ListenerPool pool = pools.get(spec.group());
        if (pool != null && pool.undefine(spec.name())) {
            pools.remove(spec.group());
            pool.drop();
            subscriptionsChanged();
        }
    }

    private void subscriptionsChanged() {
        Set<EventType> ticks = EnumSet.noneOf(EventType.class);
        for (ListenerPool pool : pools.values()) {
            for (EventType t : pool.subscriptions()) {
                for (EventType tick : List.of(EventType.TICK_5, EventType.TICK_60, EventType.TICK_3600)) {
                    if (tick.isA(t)) {
                        ticks.add(tick);
                    }
                }
            }
        }
        if (!closed) {
            ticker.subscribe(ticks);
        }
    }

    // ---- the supervisor's own state ----

    /** The engine applied its first definitions: the boot's groups, then SUPERVISOR_STATE_CHANGE_RUNNING. */
    public synchronized void supervisorRunning() {
        if (running) {
            return;
        }
        running = true;
        List<Map.Entry<String, Integer>> boot = new ArrayList<>(bootGroups.entrySet());
        bootGroups.clear();
        boot.sort(Map.Entry.<String, Integer>comparingByValue().thenComparing(Map.Entry.comparingByKey(Comparator.naturalOrder())));
        for (Map.Entry<String, Integer> g : boot) {
            publish(EventType.PROCESS_GROUP_ADDED, Payloads.processGroup(g.getKey()));
        }
        publish(EventType.SUPERVISOR_STATE_CHANGE_RUNNING, Payloads.supervisorState());
    }

    /**
     * The engine was RUNNING before this hub came (the events bundle was updated or restarted
     * while Capstan runs): its groups and that state were announced to the listeners of then, and
     * are not again; groups defined from now on are announced as they come.
     */
    public synchronized void alreadyRunning() {
        running = true;
        bootGroups.clear();
    }

    public synchronized void supervisorStopping() {
        publish(EventType.SUPERVISOR_STATE_CHANGE_STOPPING, Payloads.supervisorState());
    }

    // ---- events from services and callers ----

    /** A service changed state: PROCESS_STATE_*. */
    public synchronized void stateChanged(ServiceState to, String name, String group, String from, int tries, int pid,
                                          boolean expected) {
        if (to == ServiceState.STOPPING) {
            ListenerProcess p = listeners.get(name);
            if (p != null) {
                p.stopping();
            }
        }
        publish(EventType.of(to), Payloads.processState(to, name, group, from, tries, pid, expected));
    }

    /** {@code supervisor.sendRemoteCommEvent(type, data)}: REMOTE_COMMUNICATION. */
    public synchronized void remote(String type, String data) {
        publish(EventType.REMOTE_COMMUNICATION, Payloads.remoteCommunication(type, data));
    }

    /** PROCESS_LOG_STDOUT / _STDERR. */
    public synchronized void logged(ServiceSpec spec, int pid, StreamName stream, ByteBuffer bytes) {
        EventType type = stream == StreamName.STDOUT ? EventType.PROCESS_LOG_STDOUT : EventType.PROCESS_LOG_STDERR;
        if (wanted(type)) {
            byte[] data = new byte[bytes.remaining()];
            bytes.get(data);
            publish(type, Payloads.processLog(spec.name(), spec.group(), pid, channel(stream), data));
        }
    }

    /** PROCESS_COMMUNICATION_STDOUT / _STDERR. */
    public synchronized void communicated(ServiceSpec spec, int pid, StreamName stream, byte[] data) {
        EventType type = stream == StreamName.STDOUT
                ? EventType.PROCESS_COMMUNICATION_STDOUT : EventType.PROCESS_COMMUNICATION_STDERR;
        if (wanted(type)) {
            publish(type, Payloads.processCommunication(spec.name(), spec.group(), pid, data));
        }
    }

    synchronized void tick(EventType type, long when) {
        publish(type, Payloads.tick(when));
    }

    /** The tick timer fired. */
    void tickDue() {
        synchronized (this) {
            if (!closed) {
                ticker.fire();
            }
        }
    }

    /** supervisord's {@code notify}: every pool that subscribes takes the event and tries to send it. */
    private void publish(EventType type, Payload payload) {
        SupervisorEvent event = null;
        for (ListenerPool pool : pools.values()) {
            if (pool.subscribes(type)) {
                if (event == null) {
                    event = new SupervisorEvent(type, payload);
                }
                pool.accept(event, false, serials);
                pool.dispatch();
            }
        }
    }

    /** Whether some pool takes this type: output is formatted only then. */
    private boolean wanted(EventType type) {
        for (ListenerPool pool : pools.values()) {
            if (pool.subscribes(type)) {
                return true;
            }
        }
        return false;
    }

    private static String channel(StreamName stream) {
        return stream.name().toLowerCase(Locale.ROOT);
    }

    // ---- listener processes ----

    /**
     * The stdin and stdout of the next process of a listener service, or null for a service that
     * is not an event listener. Its pool is made if its definition has not come yet.
     */
    public synchronized ClaimedStdio claim(ServiceSpec spec) {
        if (!spec.isEventListener() || closed) {
            return null;
        }
        ListenerPool pool = pools.get(spec.group());
        if (pool == null || !services.containsKey(spec.name())) {
            defined(spec);
            pool = pools.get(spec.group());
        }
        ListenerProcess process = new ListenerProcess(spec, pool);
        pool.attach(process);
        listeners.put(spec.name(), process);
        return process;
    }

    synchronized void dispatch(ListenerPool pool) {
        if (pools.get(pool.name) == pool) {
            pool.dispatch();
        }
    }

    /** Ends the hub: the timer stops and every listener reads EOF (it is started again with a new hub). */
    public synchronized void close() {
        closed = true;
        ticker.close();
        listeners.values().forEach(ListenerProcess::closeStdin);
    }
}
