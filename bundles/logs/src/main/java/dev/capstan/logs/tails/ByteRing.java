package dev.capstan.logs.tails;

import dev.capstan.api.LogSlice;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The last bytes written, up to a fixed capacity: the in-memory tail of a console stream and of
 * Capstan's own log. Its array grows to the capacity only as output arrives, so a thousand quiet
 * services do not cost a thousand full rings. Thread-safe.
 */
public final class ByteRing {

    private final int capacity;
    private byte[] ring = new byte[0];
    private int end;          // where the next byte goes
    private boolean wrapped;  // the whole array holds data, oldest at end
    private long written;     // bytes written since the ring began or was cleared: the offset of end

    public ByteRing(int capacity) {
        if (capacity <= 0) {
            throw new IllegalArgumentException("capacity " + capacity);
        }
        this.capacity = capacity;
    }

    /** Keeps {@code src}'s remaining bytes (the buffer's position is not moved). */
    public synchronized void write(ByteBuffer src) {
        int from = src.position();
        int n = src.remaining();
        if (n == 0) {
            return;
        }
        written += n;
        if (n >= capacity) {
            grow(capacity);
            src.get(src.limit() - capacity, ring, 0, capacity);
            end = 0;
            wrapped = true;
            return;
        }
        if (!wrapped && end + n >= ring.length && ring.length < capacity) {
            // One byte more than needed, so that filling the array exactly does not count as
            // wrapping before the ring has reached its capacity.
            grow(Math.min(capacity, Math.max(end + n + 1, Math.max(1024, ring.length * 2))));
        }
        int first = Math.min(n, ring.length - end);
        src.get(from, ring, end, first);
        src.get(from + first, ring, 0, n - first);
        if (end + n >= ring.length) {
            wrapped = true;
        }
        end = (end + n) % ring.length;
    }

    /** The last {@code n} bytes kept (fewer if fewer were written). */
    public synchronized byte[] last(int n) {
        int size = wrapped ? ring.length : end;
        int k = Math.max(0, Math.min(n, size));
        byte[] result = new byte[k];
        int start = Math.floorMod(end - k, Math.max(1, ring.length));
        int first = Math.min(k, ring.length - start);
        System.arraycopy(ring, start, result, 0, first);
        System.arraycopy(ring, 0, result, first, k - first);
        return result;
    }

    /**
     * Up to {@code length} bytes from offset {@code offset} (negative: from the end) of all bytes
     * written, from the oldest kept when that offset is no longer kept.
     */
    public synchronized LogSlice slice(long offset, int length) {
        long kept = wrapped ? ring.length : end;
        long from = Math.max(offset < 0 ? written + offset : offset, written - kept);
        int n = (int) Math.max(0, Math.min(length, written - from));
        byte[] bytes = n == 0 ? new byte[0] : Arrays.copyOf(last((int) (written - from)), n);
        return new LogSlice(bytes, from, written);
    }

    public synchronized void clear() {
        ring = new byte[0];
        end = 0;
        wrapped = false;
        written = 0;
    }

    private void grow(int size) {
        if (size > ring.length) {
            ring = Arrays.copyOf(ring, size);
        }
    }
}
