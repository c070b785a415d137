package dev.capstan.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class OptionsTest {

    @Test
    void checkWithAndWithoutJson() {
        Options check = Options.parse(List.of("--check", "-c", "/etc/capstan.conf"));
        assertTrue(check.check());
        assertFalse(check.json());
        assertEquals(Path.of("/etc/capstan.conf"), check.config());
        assertTrue(Options.parse(List.of("--json", "--check")).json());
        assertEquals("--json: only with --check",
                assertThrows(IllegalArgumentException.class, () -> Options.parse(List.of("--json"))).getMessage());
    }

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
