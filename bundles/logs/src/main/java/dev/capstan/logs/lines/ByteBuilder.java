package dev.capstan.logs.lines;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A growable byte array that formatted lines are appended to, then written out in one call.
 * Not thread-safe: each capture owns one. It starts empty so that a quiet service costs nothing.
 */
public final class ByteBuilder {

    private byte[] bytes = new byte[0];
    private int length;

    public int length() {
        return length;
    }

    public boolean isEmpty() {
        return length == 0;
    }

    public void clear() {
        length = 0;
    }

    public ByteBuilder append(byte b) {
        ensure(1);
        bytes[length++] = b;
        return this;
    }

    public ByteBuilder append(byte[] src) {
        ensure(src.length);
        System.arraycopy(src, 0, bytes, length, src.length);
        length += src.length;
        return this;
    }

    /** Appends {@code src[from, to)} by absolute index; the buffer's position is not moved. */
    public ByteBuilder append(ByteBuffer src, int from, int to) {
        int n = to - from;
        ensure(n);
        src.get(from, bytes, length, n);
        length += n;
        return this;
    }

    /** For short ASCII text such as field names and levels. */
    public ByteBuilder append(String ascii) {
        return append(ascii.getBytes(StandardCharsets.UTF_8));
    }

    /** The content as a buffer over this builder's array: valid until the next append or clear. */
    public ByteBuffer buffer() {
        return ByteBuffer.wrap(bytes, 0, length);
    }

    public byte[] toByteArray() {
        return Arrays.copyOf(bytes, length);
    }

    private void ensure(int more) {
        if (length + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(length + more, Math.max(256, bytes.length * 2)));
        }
    }
}
