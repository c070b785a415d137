package dev.capstan.api;

import java.util.Locale;
import java.util.Optional;

/**
 * supervisord's event types, as an {@code [eventlistener:x]} names them in {@code events =}
 * (supervisor/events.py, {@code EventTypes}). The abstract ones ({@link #EVENT},
 * {@link #PROCESS_STATE}, ...) can be subscribed to and stand for every type under them; they are
 * never sent themselves.
 */
public enum EventType {
    EVENT(null, true),
    PROCESS_STATE(EVENT, true),
    PROCESS_STATE_STOPPED(PROCESS_STATE, false),
    PROCESS_STATE_EXITED(PROCESS_STATE, false),
    PROCESS_STATE_STARTING(PROCESS_STATE, false),
    PROCESS_STATE_STOPPING(PROCESS_STATE, false),
    PROCESS_STATE_BACKOFF(PROCESS_STATE, false),
    PROCESS_STATE_FATAL(PROCESS_STATE, false),
    PROCESS_STATE_RUNNING(PROCESS_STATE, false),
    PROCESS_STATE_UNKNOWN(PROCESS_STATE, false),
    PROCESS_COMMUNICATION(EVENT, true),
    PROCESS_COMMUNICATION_STDOUT(PROCESS_COMMUNICATION, false),
    PROCESS_COMMUNICATION_STDERR(PROCESS_COMMUNICATION, false),
    /** Abstract, although supervisord does not say so: it has no events of its own. */
    PROCESS_LOG(EVENT, true),
    PROCESS_LOG_STDOUT(PROCESS_LOG, false),
    PROCESS_LOG_STDERR(PROCESS_LOG, false),
    REMOTE_COMMUNICATION(EVENT, false),
    SUPERVISOR_STATE_CHANGE(EVENT, true),
    SUPERVISOR_STATE_CHANGE_RUNNING(SUPERVISOR_STATE_CHANGE, false),
    SUPERVISOR_STATE_CHANGE_STOPPING(SUPERVISOR_STATE_CHANGE, false),
    TICK(EVENT, true),
    TICK_5(TICK, false),
    TICK_60(TICK, false),
    TICK_3600(TICK, false),
    PROCESS_GROUP(EVENT, true),
    PROCESS_GROUP_ADDED(PROCESS_GROUP, false),
    PROCESS_GROUP_REMOVED(PROCESS_GROUP, false);

    private final EventType parent;
    private final boolean isAbstract;

    EventType(EventType parent, boolean isAbstract) {
        this.parent = parent;
        this.isAbstract = isAbstract;
    }

    /** Whether this type is {@code other} or one of the types under it. */
    public boolean isA(EventType other) {
        for (EventType t = this; t != null; t = t.parent) {
            if (t == other) {
                return true;
            }
        }
        return false;
    }

    /** Subscribed to, never sent. */
    public boolean isAbstract() {
        return isAbstract;
    }

    /** A name as {@code events =} gives it; supervisord upper-cases it first, and so does this. */
    public static Optional<EventType> named(String name) {
        try {
            return Optional.of(valueOf(name.trim().toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The PROCESS_STATE_ type of a service state. */
    public static EventType of(ServiceState state) {
        return valueOf("PROCESS_STATE_" + state.name());
    }
}
