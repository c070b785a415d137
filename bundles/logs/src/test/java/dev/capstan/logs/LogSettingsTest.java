package dev.capstan.logs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.capstan.logs.console.ConsoleFormat;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LogSettingsTest {

    @Test
    void defaultsAreSupervisordsPlusAPrefixedTextConsole() {
        LogSettings s = LogSettings.defaults();
        assertEquals(ConsoleFormat.DEFAULT, s.console());
        assertEquals(Path.of(System.getProperty("java.io.tmpdir")), s.childLogDir());
        assertEquals(false, s.noCleanup());
    }

    @Test
    void readsTheIniSpellings() {
        LogSettings s = LogSettings.from(Map.of("log_prefix", "off", "log_timestamps", "Yes", "log_format", "JSON",
                "childlogdir", "/var/log/capstan", "nocleanup", true));
        assertEquals(new ConsoleFormat(false, true, true), s.console());
        assertEquals(Path.of("/var/log/capstan"), s.childLogDir());
        assertEquals(true, s.noCleanup());
        assertEquals(true, s.fileTimestamps());
    }

    @Test
    void aBadValueNamesItsKey() {
        assertEquals("log_format = xml: expected text or json",
                assertThrows(IllegalArgumentException.class, () -> LogSettings.from(Map.of("log_format", "xml"))).getMessage());
        assertEquals("log_prefix = maybe: expected true or false",
                assertThrows(IllegalArgumentException.class, () -> LogSettings.from(Map.of("log_prefix", "maybe"))).getMessage());
    }
}
