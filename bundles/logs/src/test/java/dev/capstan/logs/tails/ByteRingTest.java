package dev.capstan.logs.tails;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.capstan.api.LogSlice;

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

    private static String slice(ByteRing r, long offset, int length, long begins, long size) {
        LogSlice s = r.slice(offset, length);
        assertEquals(begins, s.offset(), "where the bytes begin");
        assertEquals(size, s.size(), "size");
        return new String(s.bytes(), StandardCharsets.US_ASCII);
    }

    @Test
    void slicesCountOffsetsFromTheFirstByteWrittenAndSkipWhatIsNoLongerKept() {
        ByteRing r = new ByteRing(10);
        assertEquals("", slice(r, 0, 5, 0, 0));
        write(r, "0123456");
        assertEquals("234", slice(r, 2, 3, 2, 7));
        assertEquals("56", slice(r, -2, 100, 5, 7));
        assertEquals("0123456", slice(r, -100, 100, 0, 7));
        assertEquals("", slice(r, 9, 5, 9, 7));
        write(r, "789abcdef");
        assertEquals("6789a", slice(r, 0, 5, 6, 16), "offsets 0..5 are gone; the oldest kept is 6");
        assertEquals("def", slice(r, 13, 100, 13, 16));
        assertEquals("", slice(r, 16, 10, 16, 16));
        r.clear();
        write(r, "xy");
        assertEquals("xy", slice(r, 0, 10, 0, 2), "clear starts the offsets again");
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
