package dev.capstan.process.linux;

import static dev.capstan.process.linux.Native.RUNTIME;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import jnr.ffi.Pointer;
import org.junit.jupiter.api.Test;

class NativeStringArrayTest {

    private final NativeStringArray array = new NativeStringArray();

    private static List<String> read(Pointer p) {
        List<String> strings = new ArrayList<>();
        for (int i = 0; p.getAddress((long) i * RUNTIME.addressSize()) != 0; i++) {
            strings.add(p.getPointer((long) i * RUNTIME.addressSize()).getString(0, 1 << 20, StandardCharsets.UTF_8));
        }
        return strings;
    }

    @Test
    void stringsEndInNulAndTheArrayInNull() {
        List<String> strings = List.of("/bin/sh", "", "A=caf\u00e9", "two words");
        assertEquals(strings, read(array.of(strings, StandardCharsets.UTF_8)));
        assertEquals(List.of(), read(array.of(List.of(), StandardCharsets.UTF_8)));
    }

    @Test
    void growsForALargeArrayAndIsReusedForASmallOne() {
        List<String> large = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            large.add("VARIABLE_" + i + "=" + "v".repeat(i));
        }
        assertEquals(large, read(array.of(large, StandardCharsets.UTF_8)));
        assertEquals(List.of("x"), read(array.of(List.of("x"), StandardCharsets.UTF_8)));
    }
}
