package dev.capstan.logs.lines;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The current time as ISO-8601 UTC with milliseconds ({@code 2025-06-01T12:00:00.123Z}), in
 * ASCII bytes. Formats at most once per millisecond; asked once per chunk of output, so that
 * every line read at once carries the same time. Not thread-safe: one per writer.
 *
 * <p>The part up to the second is formatted once per second; the milliseconds are written by
 * hand. A {@link DateTimeFormatter} for every millisecond cost each of Capstan's log lines a few
 * microseconds while 1000 services started (its fraction printer goes through BigDecimal), and
 * made the JIT compile some 60 methods of java.time and java.math for it.
 */
public final class Timestamps {

    private static final DateTimeFormatter TO_SECOND =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.").withZone(ZoneOffset.UTC);

    private long millis = Long.MIN_VALUE;
    private byte[] text;
    private long second = Long.MIN_VALUE;
    private byte[] toSecond;

    public byte[] now() {
        return at(System.currentTimeMillis());
    }

    public byte[] at(long epochMillis) {
        if (epochMillis != millis) {
            millis = epochMillis;
            long s = Math.floorDiv(epochMillis, 1000);
            if (s != second) {
                second = s;
                toSecond = TO_SECOND.format(Instant.ofEpochSecond(s)).getBytes(StandardCharsets.US_ASCII);
            }
            int ms = (int) Math.floorMod(epochMillis, 1000);
            // A new array each time: the previous one may still be held by a line being written.
            byte[] t = new byte[toSecond.length + 4];
            System.arraycopy(toSecond, 0, t, 0, toSecond.length);
            int i = toSecond.length;
            t[i] = (byte) ('0' + ms / 100);
            t[i + 1] = (byte) ('0' + ms / 10 % 10);
            t[i + 2] = (byte) ('0' + ms % 10);
            t[i + 3] = 'Z';
            text = t;
        }
        return text;
    }
}
