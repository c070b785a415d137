package dev.capstan.config.spec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.capstan.config.Fixtures;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code [capstan]} read once, here, and published typed: what the engine, the logs bundle and
 * the deploy directories get needs no parsing of their own.
 */
class SettingsParserTest {

    private final SettingsParser parser = new SettingsParser(Fixtures.users());
    private final Warnings warnings = new Warnings();

    /** Each key on its own line of capstan.conf, from line 2 (line 1 is the section header). */
    private Map<String, Object> supervisor(String... keyValues) {
        KeyValues v = new KeyValues(new Location("capstan.conf", 1));
        for (int i = 0; i < keyValues.length; i += 2) {
            v.put(keyValues[i], keyValues[i + 1], new Location("capstan.conf", 2 + i / 2));
        }
        return parser.supervisor(v, warnings);
    }

    private String error(String... keyValues) {
        return assertThrows(ConfigException.class, () -> supervisor(keyValues)).getMessage();
    }

    @Test
    void booleansAndChoicesInTheIniSpellingsArePublishedTyped() {
        Map<String, Object> s = supervisor("log_prefix", "off", "log_timestamps", "Yes", "log_format", "JSON",
                "childlogdir", " /var/log/capstan ", "nocleanup", "1", "nodaemon", "true");
        assertEquals(Map.of("log_prefix", false, "log_timestamps", true, "log_format", "json",
                "childlogdir", "/var/log/capstan", "nocleanup", true, "nodaemon", true), s);
    }

    @Test
    void aKeyThatIsNotSetIsNotPublished() {
        assertEquals(Map.of(), supervisor());
    }

    @Test
    void shutdownTimeoutIsPublishedInMillisecondsWhateverItsUnit() {
        assertEquals(8000L, supervisor("shutdown_timeout", "8").get("shutdown_timeout_ms"));
        assertEquals(2500L, supervisor("shutdown_timeout", "2.5").get("shutdown_timeout_ms"));
        assertEquals(5000L, supervisor("shutdown_timeout", " 5s ").get("shutdown_timeout_ms"));
        assertEquals(500L, supervisor("shutdown_timeout", "500ms").get("shutdown_timeout_ms"));
        assertEquals(300_000L, supervisor("shutdown_timeout", "5m").get("shutdown_timeout_ms"));
        assertEquals(3_600_000L, supervisor("shutdown_timeout", "1h").get("shutdown_timeout_ms"));
    }

    @Test
    void deployIsAListOfNormalizedAbsoluteDirectories() {
        assertArrayEquals(new String[] {"/srv/a", "/srv/b", "/srv/c"},
                (String[]) supervisor("deploy", "/srv/a, /srv/x/../b\n/srv/c").get("deploy"));
        assertEquals("capstan.conf:2: deploy=services: services is not an absolute path (write %(here)s/services"
                + " for a directory next to this file)", error("deploy", "services"));
    }

    @Test
    void aBadValueIsAnErrorAtItsLine() {
        assertEquals("capstan.conf:2: shutdown_timeout=soon: not a number", error("shutdown_timeout", "soon"));
        assertEquals("capstan.conf:3: shutdown_timeout=-1: must not be negative",
                error("log_prefix", "on", "shutdown_timeout", "-1"));
        assertEquals("capstan.conf:2: log_format=xml: expected text, json", error("log_format", "xml"));
        assertEquals("capstan.conf:2: log_prefix=maybe: not a boolean (true/false, yes/no, on/off, 1/0)",
                error("log_prefix", "maybe"));
    }

    @Test
    void nodaemonFalseIsAcceptedWithAWarning() {
        assertEquals(Map.of("nodaemon", false), supervisor("nodaemon", "false"));
        assertEquals(List.of("capstan.conf:2: nodaemon=false: Capstan always runs in the foreground"),
                warnings.messages());
    }

    @Test
    void identifierIsPublishedForXmlRpcWithoutAWarning() {
        assertEquals("web-01", supervisor("identifier", " web-01 ").get("identifier"));
        assertEquals(List.of(), warnings.messages());
    }
}
