package dev.capstan.events.pool;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.capstan.api.LenUnit;
import dev.capstan.api.ServiceSpec;
import dev.capstan.api.ServiceState;
import dev.capstan.api.StreamName;
import dev.capstan.process.Child;
import dev.capstan.process.ExitStatus;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The protocol with real listener processes: what each kind of listener reads, and what is never lost. */
class ListenerPoolTest extends Listeners {

    private static final byte[] OUTPUT = "caf\u00e9\r\nd\u00e9j\u00e0 vu\n".getBytes(StandardCharsets.UTF_8);
    private static final ServiceSpec WRITER = ServiceSpec.builder("writer", List.of("true")).build();

    private void log(int pid) {
        hub.logged(WRITER, pid, StreamName.STDOUT, ByteBuffer.wrap(OUTPUT));
    }

    private void fatal(String name) {
        hub.stateChanged(ServiceState.FATAL, name, name, "BACKOFF", 4, 0, false);
    }

    @Test
    void aByteReaderReadsExactlyTheBytesOfANonAsciiPayload() throws Exception {
        Path record = dir.resolve("bytes.rec");
        start(listener("rec", "rec", "bytes", record, List.of("PROCESS_LOG", "PROCESS_STATE_FATAL")));
        log(4242);
        fatal("crashy");
        List<byte[]> read = awaitRecords(record, 2);
        String payload = "processname:writer groupname:writer pid:4242 channel:stdout\n" + new String(OUTPUT, StandardCharsets.UTF_8);
        byte[] expected = ("ver:3.0 server:supervisor serial:0 pool:rec poolserial:0 eventname:PROCESS_LOG_STDOUT len:"
                + payload.getBytes(StandardCharsets.UTF_8).length + " charlen:" + payload.length() + "\n" + payload)
                .getBytes(StandardCharsets.UTF_8);
        assertArrayEquals(expected, read.get(0));
        assertEquals("ver:3.0 server:supervisor serial:1 pool:rec poolserial:1 eventname:PROCESS_STATE_FATAL len:54\n"
                + "processname:crashy groupname:crashy from_state:BACKOFF", new String(read.get(1), StandardCharsets.UTF_8),
                "the reader is still in step after the non-ASCII event");
    }

    @Test
    void aCharacterReaderReadsItWithLenUnitChars() throws Exception {
        Path record = dir.resolve("chars.rec");
        start(withUnit(listener("rec", "rec", "chars", record, List.of("PROCESS_LOG", "PROCESS_STATE_FATAL")), LenUnit.CHARS));
        log(4242);
        fatal("crashy");
        List<String> read = await(record, 2);
        String payload = "processname:writer groupname:writer pid:4242 channel:stdout\n" + new String(OUTPUT, StandardCharsets.UTF_8);
        // supervisord 4's header: len counts characters, and \r\n is two of them (Python does not
        // translate newlines on a Unix stdin).
        assertEquals("ver:3.0 server:supervisor serial:0 pool:rec poolserial:0 eventname:PROCESS_LOG_STDOUT len:"
                + payload.length() + "\n" + payload, read.get(0));
        assertEquals("ver:3.0 server:supervisor serial:1 pool:rec poolserial:1 eventname:PROCESS_STATE_FATAL len:54\n"
                + "processname:crashy groupname:crashy from_state:BACKOFF", read.get(1));
    }

    @Test
    void aFailedEventIsSentAgainFirst() throws Exception {
        Path record = dir.resolve("fail.rec");
        start(listener("rec", "rec", "fail-first", record, List.of("PROCESS_STATE")));
        fatal("a");
        fatal("b");
        List<String> read = await(record, 3);
        assertEquals(List.of(0L, 0L, 1L), read.stream().limit(3).map(Listeners::serial).toList());
        assertTrue(read.get(1).endsWith("processname:a groupname:a from_state:BACKOFF"), read.get(1));
    }

    @Test
    void anEventHeldByAListenerThatDiesIsSentToTheNextOne() throws Exception {
        Path record = dir.resolve("die.rec");
        ServiceSpec spec = listener("rec", "rec", "die-first", record, List.of("PROCESS_STATE"));
        Child first = start(spec);
        fatal("a");
        fatal("b");
        assertEquals(1, exit(first).code());
        start(spec); // the engine restarts it
        List<String> read = await(record, 3);
        assertEquals(List.of(0L, 0L, 1L), read.stream().limit(3).map(Listeners::serial).toList());
    }

    @Test
    void aListenerThatBreaksTheProtocolIsStoppedAndItsPoolGoesOn() throws Exception {
        Path record = dir.resolve("pool.rec");
        Child garbage = start(listener("rec_0", "rec", "garbage", dir.resolve("garbage.rec"), List.of("PROCESS_STATE")));
        ExitStatus end = exit(garbage);
        assertFalse(end.exited(), "its stop signal ended it: " + end);
        assertEquals(15, end.signal());
        start(listener("rec_1", "rec", "bytes", record, List.of("PROCESS_STATE")));
        for (int i = 0; i < 5; i++) {
            fatal("s" + i);
        }
        assertEquals(List.of(0L, 1L, 2L, 3L, 4L), await(record, 5).stream().map(Listeners::serial).toList());
    }

    @Test
    void eventsWaitForAListenerThatHasNotSaidReadyBeyondBufferSize() throws Exception {
        Path record = dir.resolve("late.rec");
        start(listener("rec_0", "rec", "silent", dir.resolve("silent.rec"), List.of("PROCESS_STATE")));
        for (int i = 0; i < 50; i++) {
            fatal("s" + i); // buffer_size is 10: supervisord would have kept the last 10
        }
        start(listener("rec_1", "rec", "bytes", record, List.of("PROCESS_STATE")));
        List<String> read = await(record, 50);
        for (int i = 0; i < 50; i++) {
            assertEquals(i, serial(read.get(i)));
        }
    }

    @Test
    void aBusyListenerSeesTheOldestEventsDiscardedAtBufferSize() throws Exception {
        Path record = dir.resolve("slow.rec");
        start(listener("rec", "rec", "slow", record, List.of("PROCESS_STATE")).toBuilder().bufferSize(3).build());
        fatal("warm-up");
        await(record, 1); // it said READY, so the pool is past starting; it is BUSY for half a second
        for (int i = 0; i < 10; i++) {
            fatal("s" + i);
        }
        // Of s0..s9 (serials 1 to 10) the buffer of 3 kept the newest, as supervisord's would.
        List<String> read = await(record, 4);
        assertEquals(List.of(0L, 8L, 9L, 10L), read.stream().map(Listeners::serial).toList());
    }

    @Test
    void theBootsGroupsComeInPriorityOrderBeforeRunning() throws Exception {
        Path record = dir.resolve("groups.rec");
        ServiceSpec rec = listener("rec", "rec", "bytes", record, List.of("PROCESS_GROUP", "SUPERVISOR_STATE_CHANGE"))
                .toBuilder().priority(-1).build();
        hub.defined(ServiceSpec.builder("web", List.of("true")).priority(50).build());
        hub.defined(ServiceSpec.builder("db", List.of("true")).priority(10).build());
        hub.defined(rec);
        start(rec);
        hub.supervisorRunning();
        hub.defined(ServiceSpec.builder("late", List.of("true")).build());
        hub.removed("web");
        hub.supervisorStopping();
        List<String> read = await(record, 7);
        assertEquals(List.of("PROCESS_GROUP_ADDED groupname:rec", "PROCESS_GROUP_ADDED groupname:db",
                "PROCESS_GROUP_ADDED groupname:web", "SUPERVISOR_STATE_CHANGE_RUNNING ",
                "PROCESS_GROUP_ADDED groupname:late", "PROCESS_GROUP_REMOVED groupname:web",
                "SUPERVISOR_STATE_CHANGE_STOPPING "), read.stream().map(ListenerPoolTest::brief).toList());
    }

    @Test
    void aHubThatComesAfterTheBootAnnouncesTheGroupsDefinedFromThenOn() throws Exception {
        Path record = dir.resolve("later.rec");
        ServiceSpec rec = listener("rec", "rec", "bytes", record, List.of("PROCESS_GROUP", "SUPERVISOR_STATE_CHANGE"));
        hub.defined(ServiceSpec.builder("web", List.of("true")).build());
        hub.defined(rec);
        hub.alreadyRunning(); // the events bundle was updated while Capstan ran
        start(rec);
        hub.defined(ServiceSpec.builder("late", List.of("true")).build());
        hub.removed("web");
        List<String> read = await(record, 2);
        assertEquals(List.of("PROCESS_GROUP_ADDED groupname:late", "PROCESS_GROUP_REMOVED groupname:web"),
                read.stream().map(ListenerPoolTest::brief).toList());
    }

    @Test
    void tick5ComesAtEachFiveSecondBoundary() throws Exception {
        Path record = dir.resolve("tick.rec");
        start(listener("rec", "rec", "bytes", record, List.of("TICK_5")));
        List<String> read = await(record, 2);
        long first = Long.parseLong(read.get(0).substring(read.get(0).indexOf("when:") + 5));
        long second = Long.parseLong(read.get(1).substring(read.get(1).indexOf("when:") + 5));
        assertEquals(0, first % 5, read.get(0));
        assertEquals(first + 5, second, read.toString());
        assertTrue(read.get(0).contains(" eventname:TICK_5 "), read.get(0));
    }

    private List<byte[]> awaitRecords(Path record, int n) throws Exception {
        await(record, n);
        return records(record);
    }

    /** {@code EVENTNAME payload-without-newline}. */
    private static String brief(String event) {
        String header = event.substring(0, event.indexOf('\n'));
        String name = header.substring(header.indexOf("eventname:") + 10, header.indexOf(" len:"));
        return name + " " + event.substring(event.indexOf('\n') + 1).replace("\n", "");
    }
}
