package dev.capstan.config.yaml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.capstan.api.Dependency;
import dev.capstan.api.LogSpec;
import dev.capstan.api.RestartMode;
import dev.capstan.api.ServiceSpec;
import dev.capstan.config.Fixtures;
import dev.capstan.config.spec.ConfigException;
import dev.capstan.config.spec.ParsedConfigFile;
import dev.capstan.config.spec.ParsedService;
import dev.capstan.process.Signal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class YamlReaderTest {

    private static final Path FILE = Fixtures.resource("yaml/services.yaml");

    @TempDir
    Path dir;

    private ParsedConfigFile read() {
        return new YamlReader(Fixtures.host()).read(FILE);
    }

    private ServiceSpec spec(String name) {
        return read().services().stream().map(ParsedService::spec).filter(s -> s.name().equals(name)).findFirst().orElseThrow();
    }

    private String error(String yaml) {
        Path file = Fixtures.write(dir, "services.yaml", yaml);
        ConfigException e = assertThrows(ConfigException.class, () -> new YamlReader(Fixtures.host()).read(file));
        assertTrue(e.getMessage().startsWith(file + ":"), e.getMessage());
        return e.getMessage().substring(file.toString().length() + 1);
    }

    @Test
    void aLayersDeploymentKeys() {
        ParsedConfigFile c = read();
        List<String> names = c.services().stream().map(s -> s.spec().name()).collect(Collectors.toList());
        assertTrue(names.contains("chrome"), "scope: system and enable: true load it: " + names);
        assertFalse(names.contains("whatsapp-bridge"), "enable: false is not loaded: " + names);
        assertFalse(names.contains("sshd"), "use_packaged: is skipped: " + names);
        assertTrue(c.warnings().messages().contains(FILE + ":33: use_packaged=sshd.service: sshd skipped: a packaged systemd unit "
                + "cannot run under a supervisord init; give it exec: to run it here"), c.warnings().messages().toString());
        assertEquals("4: scope=global: expected system, user",
                error("services:\n  - name: a\n    exec: /bin/a\n    scope: global\n"));
        assertEquals("4: enable=perhaps: not a boolean (true/false, yes/no, on/off, 1/0)",
                error("services:\n  - name: a\n    exec: /bin/a\n    enable: perhaps\n"));
    }

    @Test
    void theSchemaMapsToTheSameSpecsAsIni() {
        ServiceSpec chrome = spec("chrome");
        assertEquals(List.of("/home/user/.local/bin/chrome-wrapper", "--force-renderer-accessibility", "--no-first-run"),
                chrome.command());
        assertEquals(RestartMode.ALWAYS, chrome.restart());
        assertEquals(1000, chrome.user().uid());
        assertEquals(Map.of("TZ", "UTC", "DISPLAY", ":0", "WAYLAND_DISPLAY", "wayland-1"), chrome.environment());
        assertEquals(Path.of("/home/app"), chrome.directory());
        assertEquals(50, chrome.priority());
        assertEquals(new LogSpec(LogSpec.Target.FILE, Path.of("/tmp/supervisor-chrome.log"), LogSpec.DEFAULT_MAX_BYTES,
                LogSpec.DEFAULT_BACKUPS), chrome.stdout());
        assertFalse(chrome.autostart());
        assertEquals(3, chrome.startRetries());
        assertEquals(Duration.ofMillis(500), chrome.startSecs());
        assertEquals(Signal.INT, chrome.stopSignal());
        assertEquals(Duration.ofSeconds(15), chrome.stopWait());
        assertEquals(Set.of(0, 143), chrome.exitCodes());
        assertEquals(List.of(Dependency.parse("dbus")), chrome.dependsOn());
    }

    @Test
    void listenerCommandListAndStartOrder() {
        ServiceSpec listener = spec("chrome-crash-listener");
        assertEquals(List.of("/home/user/.local/bin/chrome-crash-listener", "--name", "crash listener"), listener.command());
        assertEquals(List.of("PROCESS_STATE_FATAL"), listener.events());
        assertEquals(RestartMode.NEVER, listener.restart());
        assertEquals(List.of("dbus", "chrome", "chrome-crash-listener"),
                read().services().stream().map(s -> s.spec().name()).collect(Collectors.toList()));
        assertEquals(LogSpec.Target.CONSOLE, spec("dbus").stdout().target());
    }

    @Test
    void globalSettingsAndPropertiesInIniNames() {
        ParsedConfigFile c = read();
        assertEquals(Map.of("shutdown_timeout_ms", 20_000L, "log_format", "json"), c.supervisor());
        Map<String, String> chrome = c.services().get(1).properties();
        assertEquals("/tmp/supervisor-chrome.log", chrome.get("stdout_logfile"));
        assertEquals("15", chrome.get("stopwaitsecs"));
        assertEquals("0,143", chrome.get("exitcodes"));
        assertEquals(FILE + ":13", c.services().get(1).origin());
        assertEquals(FILE + ":41: events: event listeners do not receive events yet; chrome-crash-listener runs as a plain program",
                c.warnings().messages().get(1));
    }

    @Test
    void errorsCarryTheLineOfTheNode() {
        assertEquals("4: startsec: unknown key, did you mean startsecs?",
                error("services:\n  - name: web\n    exec: /bin/web\n    startsec: 1\n"));
        assertEquals("4: startsecs=abc: not a number", error("services:\n  - name: web\n    exec: /bin/web\n    start_secs: abc\n"));
        assertEquals("3: restart=sometimes: expected always, on-failure, unexpected, no",
                error("services:\n  - name: web\n    restart: sometimes\n    exec: /bin/web\n"));
        assertEquals("4: user=ghost: no such user in " + Fixtures.resource("etc/passwd"),
                error("services:\n  - name: web\n    exec: /bin/web\n    user: ghost\n"));
        assertEquals("3: depends_on: dependency cycle: a -> b -> a",
                error("services:\n  - name: a\n    depends_on: b\n    exec: a\n  - name: b\n    exec: b\n    depends_on: [a]\n"));
        assertEquals("4: exec: duplicate key (also set at line 3)",
                error("services:\n  - name: web\n    exec: /bin/web\n    exec: /bin/other\n"));
        assertEquals("4: command: duplicate key (also set at line 3)",
                error("services:\n  - name: web\n    exec: /bin/web\n    command: /bin/other\n"));
        assertEquals("2: stdout=file:: no path after file:",
                error("services:\n  - stdout: 'file:'\n    name: web\n    exec: /bin/web\n"));
        assertEquals("4: kind=daemon: expected program or eventlistener",
                error("services:\n  - name: web\n    exec: /bin/web\n    kind: daemon\n"));
        assertEquals("1: servicse: unknown key, did you mean services?", error("servicse:\n  - name: web\n"));
        assertEquals("4: not valid YAML: could not find expected ':' (while scanning a simple key at line 3)",
                error("services:\n  - name: web\n    exec /bin/web\n    user: app\n"));
        assertEquals("2: name: missing: every service needs a name", error("services:\n  - exec: /bin/web\n"));
    }
}
