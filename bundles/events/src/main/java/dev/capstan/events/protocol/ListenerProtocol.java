package dev.capstan.events.protocol;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One listener process's side of the protocol: its state, and what it writes to its stdout read
 * as supervisord's {@code PEventListenerDispatcher.handle_listener_state_change} reads it.
 * <ul>
 * <li>ACKNOWLEDGED: once six bytes are there, {@code READY\n} makes it READY; anything else
 *     makes it UNKNOWN.
 * <li>READY: any byte at all makes it UNKNOWN (nothing was asked).
 * <li>BUSY (after {@link #sent}): a line {@code RESULT n} (supervisord reads the number after the
 *     first seven bytes, as Python's {@code int} reads it), then n bytes, which are the result;
 *     it is ACKNOWLEDGED again. A line whose number does not read makes it UNKNOWN.
 * <li>UNKNOWN: everything is ignored; it gets no more events.
 * </ul>
 * Unlike supervisord, reading is bounded: a result line longer than {@value #MAX_RESULT_LINE}
 * bytes is a violation, and of a result only its first {@value #KEPT_RESULT} bytes are kept (the
 * rest is counted and dropped). A {@code RESULT 0} line is a result at once, where supervisord
 * waits for the next byte to notice it; a negative length is a violation.
 *
 * <p>Not thread-safe: its owner calls it under its own lock, in the order of the output.
 */
public final class ListenerProtocol {

    /** What the listener said; called after the state has changed. */
    public interface Reactions {

        /** It said {@code READY\n}; it is READY. */
        void ready();

        /** It answered the event it was sent; it is ACKNOWLEDGED. {@code result} is at most {@value #KEPT_RESULT} bytes. */
        void result(byte[] result, long length);

        /** It broke the protocol; it is UNKNOWN. */
        void violated(String why);
    }

    static final byte[] READY_TOKEN = "READY\n".getBytes(StandardCharsets.US_ASCII);
    /** supervisord reads the number of a result line after this many bytes ({@code RESULT }). */
    static final int RESULT_TOKEN_LENGTH = "RESULT ".length();
    public static final int MAX_RESULT_LINE = 1024;
    public static final int KEPT_RESULT = 64;

    private ListenerState state = ListenerState.ACKNOWLEDGED;
    private byte[] buffer = new byte[64];
    private int length;
    /** While a result is read: its announced length, else -1. */
    private long resultLength = -1;
    private long resultRead;
    private byte[] result;

    public ListenerState state() {
        return state;
    }

    /** An event was written to the listener: READY becomes BUSY. */
    public void sent() {
        if (state != ListenerState.READY) {
            throw new IllegalStateException("an event was sent to a listener in state " + state);
        }
        state = ListenerState.BUSY;
    }

    /** Reads what the listener wrote (the buffer's remaining bytes, consumed). */
    public void feed(ByteBuffer bytes, Reactions reactions) {
        if (state == ListenerState.UNKNOWN) {
            bytes.position(bytes.limit());
            return;
        }
        append(bytes);
        boolean more = true;
        while (more) {
            more = switch (state) {
                case ACKNOWLEDGED -> acknowledged(reactions);
                case READY -> ready(reactions);
                case BUSY -> busy(reactions);
                case UNKNOWN -> {
                    length = 0;
                    yield false;
                }
            };
        }
    }

    private boolean acknowledged(Reactions reactions) {
        if (length < READY_TOKEN.length) {
            return false;
        }
        if (Arrays.equals(buffer, 0, READY_TOKEN.length, READY_TOKEN, 0, READY_TOKEN.length)) {
            consume(READY_TOKEN.length);
            state = ListenerState.READY;
            reactions.ready();
            return length > 0;
        }
        return violate(reactions, "expected READY\\n, got " + shown(0, length));
    }

    private boolean ready(Reactions reactions) {
        if (length == 0) {
            return false;
        }
        return violate(reactions, "wrote " + shown(0, length) + " while READY, before it was sent an event");
    }

    private boolean busy(Reactions reactions) {
        if (resultLength < 0) {
            int newline = indexOfNewline();
            if (newline < 0) {
                if (length > MAX_RESULT_LINE) {
                    return violate(reactions, "result line longer than " + MAX_RESULT_LINE + " bytes: " + shown(0, 80));
                }
                return false;
            }
            long n;
            try {
                n = PythonText.parseInt(buffer, Math.min(RESULT_TOKEN_LENGTH, newline), newline);
            } catch (NumberFormatException e) {
                n = -1;
            }
            if (n < 0) {
                return violate(reactions, "bad result line: " + shown(0, newline));
            }
            consume(newline + 1);
            resultLength = n;
            resultRead = 0;
            result = new byte[(int) Math.min(n, KEPT_RESULT)];
        }
        int take = (int) Math.min(resultLength - resultRead, length);
        int keep = (int) Math.max(0, Math.min(take, result.length - resultRead));
        System.arraycopy(buffer, 0, result, (int) Math.min(resultRead, result.length), keep);
        consume(take);
        resultRead += take;
        if (resultRead < resultLength) {
            return false;
        }
        long total = resultLength;
        byte[] answer = result;
        resultLength = -1;
        result = null;
        state = ListenerState.ACKNOWLEDGED;
        reactions.result(answer, total);
        return length > 0;
    }

    private boolean violate(Reactions reactions, String why) {
        state = ListenerState.UNKNOWN;
        length = 0;
        resultLength = -1;
        result = null;
        reactions.violated(why);
        return false;
    }

    private void append(ByteBuffer bytes) {
        int n = bytes.remaining();
        if (length + n > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, length + n));
        }
        bytes.get(buffer, length, n);
        length += n;
    }

    private void consume(int n) {
        System.arraycopy(buffer, n, buffer, 0, length - n);
        length -= n;
        if (length == 0 && buffer.length > 4096) {
            buffer = new byte[64]; // a big read passed: let it go
        }
    }

    private int indexOfNewline() {
        for (int i = 0; i < length; i++) {
            if (buffer[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    /** At most 80 bytes of what it wrote, quoted as Python would show them. */
    private String shown(int from, int to) {
        return PythonText.bytesRepr(Arrays.copyOfRange(buffer, from, Math.min(to, from + 80)));
    }
}
