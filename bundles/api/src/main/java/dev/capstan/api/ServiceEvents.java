package dev.capstan.api;

/**
 * EventAdmin topics and property names of the events the engine posts, all from its one thread
 * and with {@code postEvent}, so a handler sees them in the order they happened:
 * <ul>
 * <li>{@code dev/capstan/service/<STATE>} (e.g. {@code dev/capstan/service/FATAL}) on every state
 *     change, with {@link #NAME}, {@link #GROUP}, {@link #STATE}, {@link #FROM_STATE},
 *     {@link #TRIES}, {@link #PID} while there is a process, and, when the process's end caused the
 *     change, {@link #EXIT_CODE} or {@link #SIGNAL}, and {@link #EXPECTED} (EXITED only);
 * <li>{@code dev/capstan/definition/ADDED}, {@code CHANGED} and {@code REMOVED} when a service is
 *     defined, defined differently, or removed, with {@link #NAME}, {@link #GROUP} and
 *     {@link #SPEC};
 * <li>{@link #SUPERVISOR_RUNNING} once, when the engine applies its first definitions (the
 *     configuration read at boot), before it starts any of them; {@link #SUPERVISOR_STOPPING}
 *     once, when the shutdown begins, before anything is stopped. No properties.
 * </ul>
 */
public final class ServiceEvents {

    /** Prefix of every state topic; subscribe to {@code dev/capstan/service/*} for all. */
    public static final String TOPIC_PREFIX = "dev/capstan/service/";

    /** Prefix of the definition topics; subscribe to {@code dev/capstan/definition/*} for all. */
    public static final String DEFINITION_PREFIX = "dev/capstan/definition/";
    public static final String DEFINITION_ADDED = DEFINITION_PREFIX + "ADDED";
    public static final String DEFINITION_CHANGED = DEFINITION_PREFIX + "CHANGED";
    public static final String DEFINITION_REMOVED = DEFINITION_PREFIX + "REMOVED";

    /** Prefix of the engine's own state topics; subscribe to {@code dev/capstan/supervisor/*} for both. */
    public static final String SUPERVISOR_PREFIX = "dev/capstan/supervisor/";
    public static final String SUPERVISOR_RUNNING = SUPERVISOR_PREFIX + "RUNNING";
    public static final String SUPERVISOR_STOPPING = SUPERVISOR_PREFIX + "STOPPING";

    public static final String NAME = "name";
    public static final String GROUP = "group";
    public static final String STATE = "state";
    public static final String FROM_STATE = "from_state";
    public static final String PID = "pid";
    public static final String EXIT_CODE = "exit_code";
    public static final String SIGNAL = "signal";
    public static final String EXPECTED = "expected";
    public static final String TRIES = "tries";
    /** The {@link ServiceSpec} itself, on definition events (for CHANGED the new one). */
    public static final String SPEC = "spec";

    private ServiceEvents() {
    }

    public static String topic(ServiceState state) {
        return TOPIC_PREFIX + state.name();
    }
}
