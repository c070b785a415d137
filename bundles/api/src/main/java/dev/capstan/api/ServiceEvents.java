package dev.capstan.api;

/**
 * EventAdmin topics and property names of the events the engine posts on every state change.
 * Topic {@code dev/capstan/service/<STATE>}, e.g. {@code dev/capstan/service/FATAL}.
 */
public final class ServiceEvents {

    /** Prefix of every state topic; subscribe to {@code dev/capstan/service/*} for all. */
    public static final String TOPIC_PREFIX = "dev/capstan/service/";

    public static final String NAME = "name";
    public static final String GROUP = "group";
    public static final String STATE = "state";
    public static final String FROM_STATE = "from_state";
    public static final String PID = "pid";
    public static final String EXIT_CODE = "exit_code";
    public static final String SIGNAL = "signal";
    public static final String EXPECTED = "expected";
    public static final String TRIES = "tries";

    private ServiceEvents() {
    }

    public static String topic(ServiceState state) {
        return TOPIC_PREFIX + state.name();
    }
}
