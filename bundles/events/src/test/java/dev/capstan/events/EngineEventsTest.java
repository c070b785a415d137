package dev.capstan.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.capstan.api.RemoteCommunication;
import dev.capstan.api.ServiceEvents;
import dev.capstan.api.ServiceSpec;
import dev.capstan.events.pool.Listeners;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.osgi.service.event.Event;

/**
 * The EventAdmin events as the engine and the XML-RPC interface post them, turned into
 * supervisord's events and read by a real listener; and the tick timer, which exists only while
 * a pool subscribes to a TICK type.
 */
class EngineEventsTest extends Listeners {

    @Test
    void stateDefinitionSupervisorAndRemoteEvents() throws Exception {
        Path record = dir.resolve("all.rec");
        ServiceSpec rec = listener("rec", "rec", "bytes", record, List.of("EVENT"));
        EngineEvents events = new EngineEvents(hub);
        events.handleEvent(new Event(ServiceEvents.DEFINITION_ADDED,
                Map.of(ServiceEvents.NAME, "rec", ServiceEvents.GROUP, "rec", ServiceEvents.SPEC, rec)));
        start(rec);
        events.handleEvent(new Event(ServiceEvents.SUPERVISOR_RUNNING, Map.of()));
        // As StatePublisher posts them: no pid after the process is gone, expected only on EXITED.
        events.handleEvent(new Event(ServiceEvents.topic(dev.capstan.api.ServiceState.EXITED), Map.of(
                ServiceEvents.NAME, "web", ServiceEvents.GROUP, "front", ServiceEvents.STATE, "EXITED",
                ServiceEvents.FROM_STATE, "RUNNING", ServiceEvents.TRIES, 0, ServiceEvents.PID, 4242,
                ServiceEvents.EXIT_CODE, 1, ServiceEvents.EXPECTED, false)));
        events.handleEvent(new Event(ServiceEvents.topic(dev.capstan.api.ServiceState.STOPPED), Map.of(
                ServiceEvents.NAME, "web", ServiceEvents.GROUP, "front", ServiceEvents.STATE, "STOPPED",
                ServiceEvents.FROM_STATE, "BACKOFF", ServiceEvents.TRIES, 2)));
        events.handleEvent(new Event(RemoteCommunication.TOPIC,
                Map.of(RemoteCommunication.TYPE, "deploy", RemoteCommunication.DATA, "v2 \u00e0 12:00\r\n")));
        events.handleEvent(new Event(ServiceEvents.SUPERVISOR_STOPPING, Map.of()));
        List<String> read = await(record, 6);
        String remote = "type:deploy\nv2 \u00e0 12:00\r\n";
        assertEquals(List.of(
                "ver:3.0 server:supervisor serial:0 pool:rec poolserial:0 eventname:PROCESS_GROUP_ADDED len:14\ngroupname:rec\n",
                "ver:3.0 server:supervisor serial:1 pool:rec poolserial:1 eventname:SUPERVISOR_STATE_CHANGE_RUNNING len:0\n",
                "ver:3.0 server:supervisor serial:2 pool:rec poolserial:2 eventname:PROCESS_STATE_EXITED len:70\n"
                        + "processname:web groupname:front from_state:RUNNING expected:0 pid:4242",
                "ver:3.0 server:supervisor serial:3 pool:rec poolserial:3 eventname:PROCESS_STATE_STOPPED len:56\n"
                        + "processname:web groupname:front from_state:BACKOFF pid:0",
                "ver:3.0 server:supervisor serial:4 pool:rec poolserial:4 eventname:REMOTE_COMMUNICATION len:"
                        + remote.getBytes(StandardCharsets.UTF_8).length + " charlen:" + remote.length() + "\n" + remote,
                "ver:3.0 server:supervisor serial:5 pool:rec poolserial:5 eventname:SUPERVISOR_STATE_CHANGE_STOPPING len:0\n"),
                read);
    }

    @Test
    void theTickThreadExistsOnlyWhileSomeoneSubscribesToATick() throws Exception {
        assertFalse(tickThread(), "no TICK subscription, no timer");
        ServiceSpec ticks = listener("ticks", "ticks", "silent", dir.resolve("t.rec"), List.of("TICK"));
        hub.defined(ticks);
        assertTrue(tickThread());
        hub.removed("ticks");
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (tickThread() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertFalse(tickThread(), "the timer goes with the last TICK subscription");
    }

    private static boolean tickThread() {
        return Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().equals("capstan-events-tick"));
    }
}
