package dev.capstan.logs.tails;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ByteRingTest {

    private static void write(ByteRing r, String s) {
        r.write(ByteBuffer.wrap(s.getBytes(StandardCharsets.US_ASCII)));
    }

    private static String last(ByteRing r, int n) {
        return new String(r.last(n), StandardCharsets.US_ASCII);
    }

    @Test
    void keepsTheLastBytesAcrossWrapsAndGrowth() {
        ByteRing r = new ByteRing(2000);
        assertEquals("", last(r, 10));
        StringBuilder all = new StringBuilder();
        for (int i = 0; i < 500; i++) {
            String s = "line " + i + "\n";
            write(r, s);
            all.append(s);
            String expected = all.substring(Math.max(0, all.length() - 2000));
            assertEquals(expected, last(r, 5000), "after " + (i + 1) + " writes");
        }
        assertEquals(all.substring(all.length() - 7), last(r, 7));
    }

    @Test
    void aWriteLargerThanTheRingKeepsItsEnd() {
        ByteRing r = new ByteRing(1024);
        write(r, "x".repeat(5000) + "the end");
        assertEquals("x".repeat(1017) + "the end", last(r, 2000));
        r.clear();
        assertEquals("", last(r, 10));
    }
}
