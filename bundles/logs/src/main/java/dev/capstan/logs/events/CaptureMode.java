package dev.capstan.logs.events;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * supervisord's capture mode ({@code POutputDispatcher.record_output}): what a process writes
 * between {@code <!--XSUPERVISOR:BEGIN-->} and {@code <!--XSUPERVISOR:END-->} is kept aside,
 * bounded as supervisord's {@code BoundIO} bounds it, and becomes one PROCESS_COMMUNICATION event
 * at the end token; the tokens themselves go nowhere. Every other byte is output. A possible
 * beginning of a token at the end of a read is held until the next read tells.
 *
 * <p>Unlike supervisord, which waits whenever fewer bytes than a token's length are buffered and
 * drops what is buffered when the pipe closes, only a possible token beginning is held, and it is
 * written out as output by {@link #finish}. Not thread-safe: its owner calls it in output order.
 */
public final class CaptureMode {

    static final byte[] BEGIN = "<!--XSUPERVISOR:BEGIN-->".getBytes(StandardCharsets.US_ASCII);
    static final byte[] END = "<!--XSUPERVISOR:END-->".getBytes(StandardCharsets.US_ASCII);

    /** Where the bytes go, in the order they were written. */
    public interface Output {

        /** Bytes the process wrote; {@code captured} while in capture mode (they are not log output). */
        void output(byte[] bytes, int from, int to, boolean captured);

        /** The end token came: what was captured since the begin token. */
        void communicated(byte[] data);
    }

    private final long maxBytes;
    private byte[] held = new byte[64];
    private int length;
    private boolean capturing;
    private byte[] captured = new byte[0];

    /** @param maxBytes {@code capture_maxbytes} */
    public CaptureMode(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    public void feed(ByteBuffer bytes, Output out) {
        int n = bytes.remaining();
        if (length + n > held.length) {
            held = Arrays.copyOf(held, Math.max(held.length * 2, length + n));
        }
        bytes.get(held, length, n);
        length += n;
        while (length > 0) {
            byte[] token = capturing ? END : BEGIN;
            int at = indexOf(token);
            if (at < 0) {
                int keep = prefixAtEnd(token);
                emit(0, length - keep, out);
                consume(length - keep);
                return;
            }
            emit(0, at, out);
            consume(at + token.length);
            toggle(out);
        }
    }

    /** The pipe ended: bytes held as a possible token beginning are output after all. */
    public void finish(Output out) {
        emit(0, length, out);
        consume(length);
    }

    private void emit(int from, int to, Output out) {
        if (to <= from) {
            return;
        }
        if (capturing) {
            bound(from, to);
        }
        out.output(held, from, to, capturing);
    }

    /** supervisord's BoundIO.write: over the bound, as many bytes as are written are dropped from the front. */
    private void bound(int from, int to) {
        int n = to - from;
        byte[] kept = captured;
        if (kept.length + n > maxBytes) {
            kept = n >= kept.length ? new byte[0] : Arrays.copyOfRange(kept, n, kept.length);
        }
        byte[] grown = Arrays.copyOf(kept, kept.length + n);
        System.arraycopy(held, from, grown, kept.length, n);
        captured = grown;
    }

    private void toggle(Output out) {
        capturing = !capturing;
        if (!capturing) {
            byte[] data = captured;
            captured = new byte[0];
            out.communicated(data);
        }
    }

    private void consume(int n) {
        System.arraycopy(held, n, held, 0, length - n);
        length -= n;
        if (length == 0 && held.length > 64 * 1024) {
            held = new byte[64];
        }
    }

    private int indexOf(byte[] token) {
        outer:
        for (int i = 0; i + token.length <= length; i++) {
            for (int k = 0; k < token.length; k++) {
                if (held[i + k] != token[k]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** medusa's find_prefix_at_end: the longest proper beginning of the token the held bytes end with. */
    private int prefixAtEnd(byte[] token) {
        for (int l = Math.min(token.length - 1, length); l > 0; l--) {
            if (Arrays.equals(held, length - l, length, token, 0, l)) {
                return l;
            }
        }
        return 0;
    }
}
