package dev.capstan.process.linux;

import static dev.capstan.process.linux.Native.RUNTIME;

import java.nio.charset.Charset;
import java.util.List;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;

/**
 * A NULL-terminated array of C strings, as posix_spawnp takes argv and envp, written into one
 * native buffer that the next spawn reuses. jnr's converter for a {@code CharSequence[]} made an
 * encoder's buffer and a native allocation (freed by a cleaner) for every string of every spawn:
 * a seventh of the engine thread's time while 1000 services started. Not thread-safe: the spawner
 * uses it under the process table's lock.
 */
final class NativeStringArray {

    private static final int ADDRESS = RUNTIME.addressSize();

    private Pointer buffer = Memory.allocateDirect(RUNTIME, 4096);

    /**
     * Writes {@code strings} and returns the array; valid until the next call.
     *
     * @param charset the encoding jnr gives every other string argument (the JVM's default), so a
     *                child sees the same bytes whichever way a string reached it
     */
    Pointer of(List<String> strings, Charset charset) {
        byte[][] encoded = new byte[strings.size()][];
        long size = (long) (strings.size() + 1) * ADDRESS;
        for (int i = 0; i < encoded.length; i++) {
            encoded[i] = strings.get(i).getBytes(charset);
            size += encoded[i].length + 1;
        }
        if (size > buffer.size()) {
            buffer = Memory.allocateDirect(RUNTIME, (int) Math.max(size, 2 * buffer.size()));
        }
        long text = (long) (encoded.length + 1) * ADDRESS;
        for (int i = 0; i < encoded.length; i++) {
            buffer.put(text, encoded[i], 0, encoded[i].length);
            buffer.putByte(text + encoded[i].length, (byte) 0);
            buffer.putAddress((long) i * ADDRESS, buffer.address() + text);
            text += encoded[i].length + 1;
        }
        buffer.putAddress((long) encoded.length * ADDRESS, 0L);
        return buffer;
    }
}
