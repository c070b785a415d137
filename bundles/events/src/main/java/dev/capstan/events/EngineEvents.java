package dev.capstan.events;

import dev.capstan.api.RemoteCommunication;
import dev.capstan.api.ServiceEvents;
import dev.capstan.api.ServiceSpec;
import dev.capstan.api.ServiceState;
import dev.capstan.events.pool.EventHub;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventHandler;

/**
 * The EventAdmin events the engine and the XML-RPC interface post, handed to the {@link EventHub}
 * as supervisord's events: service states (PROCESS_STATE_*), definitions (pools, and
 * PROCESS_GROUP_*), the supervisor's own state (SUPERVISOR_STATE_CHANGE_*), and
 * {@code sendRemoteCommEvent} (REMOTE_COMMUNICATION). Called on EventAdmin's delivery thread, in
 * the order the events were posted.
 */
final class EngineEvents implements EventHandler {

    static final String[] TOPICS = {
            ServiceEvents.TOPIC_PREFIX + "*",
            ServiceEvents.DEFINITION_PREFIX + "*",
            ServiceEvents.SUPERVISOR_PREFIX + "*",
            RemoteCommunication.TOPIC};

    private final EventHub hub;

    EngineEvents(EventHub hub) {
        this.hub = hub;
    }

    @Override
    public void handleEvent(Event event) {
        String topic = event.getTopic();
        if (topic.startsWith(ServiceEvents.TOPIC_PREFIX)) {
            hub.stateChanged(ServiceState.valueOf((String) event.getProperty(ServiceEvents.STATE)),
                    (String) event.getProperty(ServiceEvents.NAME), (String) event.getProperty(ServiceEvents.GROUP),
                    (String) event.getProperty(ServiceEvents.FROM_STATE), number(event, ServiceEvents.TRIES),
                    number(event, ServiceEvents.PID), Boolean.TRUE.equals(event.getProperty(ServiceEvents.EXPECTED)));
        } else if (topic.equals(ServiceEvents.DEFINITION_ADDED) || topic.equals(ServiceEvents.DEFINITION_CHANGED)) {
            hub.defined((ServiceSpec) event.getProperty(ServiceEvents.SPEC));
        } else if (topic.equals(ServiceEvents.DEFINITION_REMOVED)) {
            hub.removed((String) event.getProperty(ServiceEvents.NAME));
        } else if (topic.equals(ServiceEvents.SUPERVISOR_RUNNING)) {
            hub.supervisorRunning();
        } else if (topic.equals(ServiceEvents.SUPERVISOR_STOPPING)) {
            hub.supervisorStopping();
        } else if (topic.equals(RemoteCommunication.TOPIC)) {
            hub.remote(String.valueOf(event.getProperty(RemoteCommunication.TYPE)),
                    String.valueOf(event.getProperty(RemoteCommunication.DATA)));
        }
    }

    /** An integer property, 0 when absent (supervisord's pid of a process it no longer has). */
    private static int number(Event event, String key) {
        Object v = event.getProperty(key);
        return v instanceof Number n ? n.intValue() : 0;
    }
}
