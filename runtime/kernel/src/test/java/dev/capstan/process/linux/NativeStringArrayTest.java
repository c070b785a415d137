package dev.capstan.process.linux;

import static dev.capstan.process.linux.Libc.ADDRESS_SIZE;
import static dev.capstan.process.linux.Libc.IO;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class NativeStringArrayTest {

    private final NativeStringArray array = new NativeStringArray();

    @AfterEach
    void free() {
        array.close();
    }

    private static List<String> read(long array) {
        List<String> strings = new ArrayList<>();
        for (long p = array; IO.getAddress(p) != 0; p += ADDRESS_SIZE) {
            strings.add(new String(IO.getZeroTerminatedByteArray(IO.getAddress(p)), StandardCharsets.UTF_8));
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
