package dev.capstan.logs.events;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** supervisord's capture mode over bytes as they are read, in pieces cut anywhere. */
class CaptureModeTest {

    private final List<String> seen = new ArrayList<>();
    private final CaptureMode.Output record = new CaptureMode.Output() {
        @Override
        public void output(byte[] bytes, int from, int to, boolean captured) {
            seen.add((captured ? "captured " : "out ") + new String(bytes, from, to - from, StandardCharsets.UTF_8));
        }

        @Override
        public void communicated(byte[] data) {
            seen.add("event " + new String(data, StandardCharsets.UTF_8));
        }
    };

    private void feed(CaptureMode c, String text) {
        c.feed(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)), record);
    }

    @Test
    void whatIsBetweenTheTokensIsAnEventAndTheTokensGoNowhere() {
        CaptureMode c = new CaptureMode(1000);
        feed(c, "before<!--XSUPERVISOR:BEGIN-->secret<!--XSUPERVISOR:END-->after\n");
        assertEquals(List.of("out before", "captured secret", "event secret", "out after\n"), seen);
    }

    @Test
    void tokensCutAcrossReadsAreFoundAndTheirBeginningIsHeld() {
        CaptureMode c = new CaptureMode(1000);
        feed(c, "a<!--XSUPER");
        feed(c, "VISOR:BEGIN-->x");
        feed(c, "y<!--XSUPERVISOR:");
        feed(c, "END-->");
        assertEquals(List.of("out a", "captured x", "captured y", "event xy"), seen);
    }

    @Test
    void aHeldBeginningThatIsNoTokenIsOutputLaterOrAtTheEnd() {
        CaptureMode c = new CaptureMode(1000);
        feed(c, "x <!--");
        feed(c, " comment -->\n");
        feed(c, "tail <!");
        c.finish(record);
        assertEquals(List.of("out x ", "out <!-- comment -->\n", "out tail ", "out <!"), seen);
    }

    @Test
    void theCaptureIsBoundedAsSupervisordsBoundIo() {
        CaptureMode c = new CaptureMode(5);
        // BoundIO.write: over the bound, as many bytes as are written are dropped from the front.
        feed(c, "<!--XSUPERVISOR:BEGIN-->abcd");
        feed(c, "ef");
        feed(c, "gh<!--XSUPERVISOR:END-->");
        assertEquals("event efgh", seen.get(seen.size() - 1));
    }
}
