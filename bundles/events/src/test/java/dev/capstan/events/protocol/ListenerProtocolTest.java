package dev.capstan.events.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The listener's side of the protocol, fed as supervisord's dispatcher reads it. */
class ListenerProtocolTest {

    private final ListenerProtocol protocol = new ListenerProtocol();
    private final List<String> said = new ArrayList<>();
    private final ListenerProtocol.Reactions record = new ListenerProtocol.Reactions() {
        @Override
        public void ready() {
            said.add("ready");
        }

        @Override
        public void result(byte[] result, long length) {
            said.add("result " + length + " " + new String(result, StandardCharsets.ISO_8859_1));
        }

        @Override
        public void violated(String why) {
            said.add("violated " + why);
        }
    };

    private void feed(String text) {
        protocol.feed(ByteBuffer.wrap(text.getBytes(StandardCharsets.ISO_8859_1)), record);
    }

    @Test
    void readyThenResultThenReadyAgain() {
        feed("READY\n");
        assertEquals(ListenerState.READY, protocol.state());
        protocol.sent();
        assertEquals(ListenerState.BUSY, protocol.state());
        feed("RESULT 2\nOKREADY\n");
        assertEquals(List.of("ready", "result 2 OK", "ready"), said);
        assertEquals(ListenerState.READY, protocol.state());
    }

    @Test
    void tokensSplitAcrossReadsWaitForTheirEnd() {
        feed("REA");
        feed("DY");
        assertEquals(ListenerState.ACKNOWLEDGED, protocol.state());
        feed("\n");
        protocol.sent();
        feed("RESULT");
        feed(" 4\nFA");
        assertEquals(ListenerState.BUSY, protocol.state());
        feed("IL");
        assertEquals(List.of("ready", "result 4 FAIL"), said);
        assertEquals(ListenerState.ACKNOWLEDGED, protocol.state());
    }

    @Test
    void theNumberIsReadAsPythonsIntReadsIt() {
        feed("READY\n");
        protocol.sent();
        // supervisord slices the first seven bytes off without looking, and int() strips \r and blanks.
        feed("XXXXXXX 2 \r\nOK");
        assertEquals(List.of("ready", "result 2 OK"), said);
    }

    @Test
    void anEmptyResultIsAResultAtOnce() {
        feed("READY\n");
        protocol.sent();
        feed("RESULT 0\n");
        assertEquals(List.of("ready", "result 0 "), said);
        assertEquals(ListenerState.ACKNOWLEDGED, protocol.state());
    }

    @Test
    void aLongResultIsCountedNotKept() {
        feed("READY\n");
        protocol.sent();
        feed("RESULT 100000\n");
        feed("y".repeat(60_000));
        feed("y".repeat(40_000) + "READY\n");
        assertEquals(3, said.size());
        assertTrue(said.get(1).startsWith("result 100000 " + "y".repeat(ListenerProtocol.KEPT_RESULT)), said.get(1));
        assertEquals(ListenerState.READY, protocol.state());
    }

    @Test
    void somethingElseThanReadyIsAViolation() {
        feed("HELLO\n");
        assertEquals(ListenerState.UNKNOWN, protocol.state());
        assertEquals(List.of("violated expected READY\\n, got b'HELLO\\n'"), said);
        feed("READY\n");
        assertEquals(1, said.size(), "an UNKNOWN listener is not listened to any more");
    }

    @Test
    void twoReadiesInARowAreAViolation() {
        feed("READY\nREADY\n");
        assertEquals(ListenerState.UNKNOWN, protocol.state());
        assertEquals("ready", said.get(0));
        assertTrue(said.get(1).startsWith("violated wrote b'READY\\n' while READY"), said.get(1));
    }

    @Test
    void aResultLineWithoutANumberIsAViolation() {
        feed("READY\n");
        protocol.sent();
        feed("RESULT two\nOK");
        assertEquals(List.of("ready", "violated bad result line: b'RESULT two'"), said);
        assertEquals(ListenerState.UNKNOWN, protocol.state());
    }

    @Test
    void aNegativeLengthIsAViolation() {
        feed("READY\n");
        protocol.sent();
        feed("RESULT -1\n");
        assertEquals(ListenerState.UNKNOWN, protocol.state());
    }

    @Test
    void aResultLineIsBounded() {
        feed("READY\n");
        protocol.sent();
        feed("RESULT " + "9".repeat(ListenerProtocol.MAX_RESULT_LINE));
        assertEquals(ListenerState.UNKNOWN, protocol.state());
        assertTrue(said.get(1).startsWith("violated result line longer than"), said.get(1));
    }

    @Test
    void onlyAReadyListenerCanBeSentAnEvent() {
        assertThrows(IllegalStateException.class, protocol::sent);
    }
}
