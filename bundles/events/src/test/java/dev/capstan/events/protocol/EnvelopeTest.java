package dev.capstan.events.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.capstan.api.EventType;
import dev.capstan.api.LenUnit;
import dev.capstan.api.ServiceState;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Headers and payloads byte for byte. The ASCII ones are what supervisord 4.2.5 sent a listener
 * for the same events (recorded from a crash loop of {@code sh -c 'exit 3'} with startretries=3).
 */
class EnvelopeTest {

    private static String envelope(EventType type, Payload payload, LenUnit unit) {
        ByteBuffer b = Envelope.of("supervisor", 13, "rec", 13, type, payload, unit);
        byte[] bytes = new byte[b.remaining()];
        b.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    @Test
    void processStatePayloadsAsSupervisordSendsThem() {
        assertEquals("ver:3.0 server:supervisor serial:13 pool:rec poolserial:13 eventname:PROCESS_STATE_FATAL len:54\n"
                        + "processname:crashy groupname:crashy from_state:BACKOFF",
                envelope(EventType.PROCESS_STATE_FATAL,
                        Payloads.processState(ServiceState.FATAL, "crashy", "crashy", "BACKOFF", 4, 0, false), LenUnit.BYTES));
        assertEquals("processname:crashy groupname:crashy from_state:STARTING tries:4",
                Payloads.processState(ServiceState.BACKOFF, "crashy", "crashy", "STARTING", 4, 0, false).text());
        assertEquals("processname:rec groupname:rec from_state:STARTING pid:28664",
                Payloads.processState(ServiceState.RUNNING, "rec", "rec", "STARTING", 0, 28664, false).text());
        assertEquals("processname:rec groupname:rec from_state:RUNNING expected:0 pid:28664",
                Payloads.processState(ServiceState.EXITED, "rec", "rec", "RUNNING", 0, 28664, false).text());
        assertEquals("processname:w groupname:g from_state:STOPPING pid:0",
                Payloads.processState(ServiceState.STOPPED, "w", "g", "STOPPING", 0, 0, true).text());
        assertEquals("processname:w groupname:g from_state:STOPPED",
                Payloads.processState(ServiceState.UNKNOWN, "w", "g", "STOPPED", 0, 12, true).text());
    }

    @Test
    void otherPayloads() {
        assertEquals("ver:3.0 server:supervisor serial:13 pool:rec poolserial:13 eventname:PROCESS_GROUP_ADDED len:17\n"
                + "groupname:crashy\n", envelope(EventType.PROCESS_GROUP_ADDED, Payloads.processGroup("crashy"), LenUnit.BYTES));
        assertEquals("ver:3.0 server:supervisor serial:13 pool:rec poolserial:13 eventname:SUPERVISOR_STATE_CHANGE_RUNNING len:0\n",
                envelope(EventType.SUPERVISOR_STATE_CHANGE_RUNNING, Payloads.supervisorState(), LenUnit.BYTES));
        assertEquals("when:1765000005", Payloads.tick(1765000005).text());
        assertEquals("type:deploy\nv2 done", Payloads.remoteCommunication("deploy", "v2 done").text());
        assertEquals("processname:w groupname:g pid:7\nhello", Payloads.processCommunication("w", "g", 7,
                "hello".getBytes(StandardCharsets.US_ASCII)).text());
    }

    @Test
    void lenCountsBytesAndCharlenCharacters() {
        Payload p = Payloads.processLog("crashy", "crashy", 28668, "stdout", "caf\u00e9\r\n".getBytes(StandardCharsets.UTF_8));
        assertEquals("processname:crashy groupname:crashy pid:28668 channel:stdout\ncaf\u00e9\r\n", p.text());
        assertEquals(68, p.bytes().length);
        assertEquals(67, p.chars());
        assertEquals("ver:3.0 server:supervisor serial:13 pool:rec poolserial:13 eventname:PROCESS_LOG_STDOUT len:68 charlen:67\n"
                + p.text(), envelope(EventType.PROCESS_LOG_STDOUT, p, LenUnit.BYTES));
        // supervisord 4: len is Python's len() of the text, and nothing says the bytes are more.
        assertEquals("ver:3.0 server:supervisor serial:13 pool:rec poolserial:13 eventname:PROCESS_LOG_STDOUT len:67\n"
                + p.text(), envelope(EventType.PROCESS_LOG_STDOUT, p, LenUnit.CHARS));
    }

    @Test
    void aCharacterOutsideTheBasicPlaneIsOneCharacter() {
        Payload p = Payloads.remoteCommunication("t", "\uD83D\uDE80");
        assertEquals(7 + 4, p.bytes().length);
        assertEquals(7 + 1, p.chars());
    }
}
