package dev.capstan.logs.lines;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Cuts one stream's bytes into lines. A line that has not seen its newline yet waits here until
 * it does (or until {@link #finish}); a line longer than {@link #MAX_LINE} is cut into pieces of
 * at most that size, each but the last marked {@code continued}, so that one endless line can
 * neither exhaust memory nor hold back what follows it. Cuts fall on UTF-8 character
 * boundaries when the text is UTF-8. Not thread-safe: one framer per stream of one run.
 */
public final class LineFramer {

    public static final int MAX_LINE = 64 * 1024;

    /** Receives lines without their newline, as {@code buf[from, to)}; the buffer is only lent. */
    public interface Lines {
        void line(ByteBuffer buf, int from, int to, boolean continued);
    }

    private final int maxLine;
    // Grows on demand up to maxLine: most lines are short and most services are quiet.
    private byte[] partial = new byte[0];
    private int partialLength;

    public LineFramer() {
        this(MAX_LINE);
    }

    LineFramer(int maxLine) {
        if (maxLine < 4) {
            throw new IllegalArgumentException("maxLine " + maxLine);
        }
        this.maxLine = maxLine;
    }

    /** Frames {@code chunk} (position to limit, not consumed). */
    public void feed(ByteBuffer chunk, Lines out) {
        int start = chunk.position();
        int limit = chunk.limit();
        for (int i = start; i < limit; i++) {
            if (chunk.get(i) != '\n') {
                continue;
            }
            if (partialLength == 0) {
                emit(chunk, start, i, out);
            } else {
                keep(chunk, start, i, out);
                emit(ByteBuffer.wrap(partial), 0, partialLength, out);
                partialLength = 0;
            }
            start = i + 1;
        }
        keep(chunk, start, limit, out);
    }

    /** The stream is over: a last line without a newline is still a line. */
    public void finish(Lines out) {
        if (partialLength > 0) {
            emit(ByteBuffer.wrap(partial), 0, partialLength, out);
            partialLength = 0;
        }
    }

    public boolean hasPartial() {
        return partialLength > 0;
    }

    private void emit(ByteBuffer buf, int from, int to, Lines out) {
        while (to - from > maxLine) {
            int cut = characterBoundary(buf, from + maxLine, from);
            out.line(buf, from, cut, true);
            from = cut;
        }
        out.line(buf, from, to, false);
    }

    /** Adds {@code buf[from, to)} to the unfinished line, sending out full pieces as it fills. */
    private void keep(ByteBuffer buf, int from, int to, Lines out) {
        while (from < to) {
            int n = Math.min(to - from, maxLine - partialLength);
            if (partialLength + n > partial.length) {
                partial = Arrays.copyOf(partial, Math.min(maxLine, Math.max(partialLength + n, Math.max(128, partial.length * 2))));
            }
            buf.get(from, partial, partialLength, n);
            partialLength += n;
            from += n;
            if (partialLength == maxLine) {
                ByteBuffer whole = ByteBuffer.wrap(partial);
                int cut = characterBoundary(whole, maxLine, 0);
                out.line(whole, 0, cut, true);
                partialLength = maxLine - cut;
                System.arraycopy(partial, cut, partial, 0, partialLength);
            }
        }
    }

    /**
     * Moves {@code cut} back so that the UTF-8 character that starts before it and would end
     * after it goes whole into the next piece. Bytes that are not UTF-8 are cut where asked.
     * Only bytes before {@code cut} are read: the next ones may not have arrived yet.
     */
    static int characterBoundary(ByteBuffer buf, int cut, int floor) {
        for (int p = cut - 1; p > floor && p >= cut - 4; p--) {
            int b = buf.get(p) & 0xFF;
            if ((b & 0xC0) == 0x80) {
                continue;
            }
            int length = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1;
            return p + length > cut ? p : cut;
        }
        return cut;
    }
}
