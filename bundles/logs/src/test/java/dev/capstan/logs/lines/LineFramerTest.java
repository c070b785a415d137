package dev.capstan.logs.lines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LineFramerTest {

    private final List<String> lines = new ArrayList<>();
    private final LineFramer.Lines collect = (buf, from, to, continued) -> {
        byte[] b = new byte[to - from];
        buf.get(from, b);
        lines.add(new String(b, StandardCharsets.UTF_8) + (continued ? "+" : ""));
    };

    private void feed(LineFramer f, String s) {
        // A direct buffer with a non-zero position, as a pipe reader may hand over.
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocateDirect(bytes.length + 3);
        b.position(3);
        b.put(bytes).flip().position(3);
        f.feed(b, collect);
    }

    @Test
    void linesSplitAcrossReadsComeOutWhole() {
        LineFramer f = new LineFramer();
        feed(f, "one\ntw");
        feed(f, "o\nthr");
        feed(f, "ee");
        feed(f, "\n\nfour");
        assertEquals(List.of("one", "two", "three", ""), lines);
        f.finish(collect);
        assertEquals(List.of("one", "two", "three", "", "four"), lines);
        f.finish(collect);
        assertEquals(5, lines.size(), "finish is idempotent");
    }

    @Test
    void aLongLineIsCutIntoMarkedPiecesWhetherItArrivesAtOnceOrInParts() {
        LineFramer f = new LineFramer(8);
        feed(f, "abcdefghijklmnopqrst\nxy\n");
        assertEquals(List.of("abcdefgh+", "ijklmnop+", "qrst", "xy"), lines);
        lines.clear();
        feed(f, "abcde");
        feed(f, "fghijk");
        feed(f, "lmnopqrstuvw");
        assertEquals(List.of("abcdefgh+", "ijklmnop+"), lines);
        feed(f, "\n");
        assertEquals(List.of("abcdefgh+", "ijklmnop+", "qrstuvw"), lines);
    }

    @Test
    void piecesOfALongLineDoNotCutAUtf8Character() {
        LineFramer f = new LineFramer(8);
        // "aaaaaa" + "é" (2 bytes) + "€" (3 bytes): the euro sign would straddle byte 8.
        feed(f, "aaaaaaé€bb\n");
        assertEquals(List.of("aaaaaaé+", "€bb"), lines);
        lines.clear();
        feed(f, "aaaaaaé");
        feed(f, "€bb\n");
        assertEquals(List.of("aaaaaaé+", "€bb"), lines);
    }

    @Test
    void a64KiBLimitHoldsForAMegabyteWithoutNewline() {
        LineFramer f = new LineFramer();
        List<Integer> sizes = new ArrayList<>();
        byte[] chunk = new byte[10_000];
        java.util.Arrays.fill(chunk, (byte) 'x');
        for (int i = 0; i < 100; i++) {
            f.feed(ByteBuffer.wrap(chunk), (buf, from, to, continued) -> sizes.add(to - from));
        }
        assertEquals(15, sizes.size());
        sizes.forEach(s -> assertEquals(LineFramer.MAX_LINE, s));
        f.finish((buf, from, to, continued) -> sizes.add(to - from));
        assertEquals(1_000_000 - 15 * LineFramer.MAX_LINE, sizes.get(15));
        assertFalse(f.hasPartial());
    }
}
