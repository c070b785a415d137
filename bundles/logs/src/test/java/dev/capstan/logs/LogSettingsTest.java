package dev.capstan.logs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.capstan.logs.console.ConsoleFormat;
import dev.capstan.testing.ComponentProperties;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The settings as the logs bundle takes them from the typed {@code dev.capstan.supervisor}
 * configuration. Reading the INI spellings and rejecting bad values is the config bundle's
 * (SettingsParserTest).
 */
class LogSettingsTest {

    private static LogSettings settings(Map<String, Object> configuration) {
        return LogsComponent.settings(ComponentProperties.of(LogsComponent.Settings.class, configuration));
    }

    @Test
    void defaultsAreSupervisordsPlusAPrefixedTextConsole() {
        LogSettings s = settings(Map.of());
        assertEquals(ConsoleFormat.DEFAULT, s.console());
        assertEquals(Path.of(System.getProperty("java.io.tmpdir")), s.childLogDir());
        assertEquals(false, s.noCleanup());
    }

    @Test
    void readsThePublishedValues() {
        LogSettings s = settings(Map.of("log_prefix", false, "log_timestamps", true, "log_format", "json",
                "childlogdir", "/var/log/capstan", "nocleanup", true));
        assertEquals(new ConsoleFormat(false, true, true), s.console());
        assertEquals(Path.of("/var/log/capstan"), s.childLogDir());
        assertEquals(true, s.noCleanup());
        assertEquals(true, s.fileTimestamps());
    }

    @Test
    void aValueThatIsNoPathGivesTheDefaults() {
        assertEquals(LogSettings.DEFAULT, settings(Map.of("childlogdir", "/var/log/\0", "log_prefix", false)));
    }
}
