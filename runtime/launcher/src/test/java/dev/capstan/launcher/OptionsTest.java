package dev.capstan.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class OptionsTest {

    @Test
    void whatFollowsTwoDashesIsTheContainersCommandWordForWord() {
        Options o = Options.parse(List.of("-c", "/etc/s6-overlay", "--", "mycmd", "-c", "--", "a b"));
        assertEquals(Path.of("/etc/s6-overlay"), o.config());
        assertEquals(List.of("mycmd", "-c", "--", "a b"), o.command());
        assertEquals(List.of(), Options.parse(List.of("-c", "x.conf")).command());
    }

    @Test
    void twoDashesWithNothingAfterThemIsAMistake() {
        assertEquals("--: needs a command after it",
                assertThrows(IllegalArgumentException.class, () -> Options.parse(List.of("--"))).getMessage());
    }
}
