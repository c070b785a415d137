package dev.capstan.config.ini;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.capstan.api.LenUnit;
import dev.capstan.api.LogSpec;
import dev.capstan.api.ServiceSpec;
import dev.capstan.config.Fixtures;
import dev.capstan.config.spec.ConfigException;
import dev.capstan.config.spec.Host;
import dev.capstan.config.spec.ParsedConfigFile;
import dev.capstan.config.spec.KeyValues;
import dev.capstan.config.spec.Location;
import dev.capstan.config.spec.ServiceSpecParser;
import dev.capstan.config.spec.UserDatabase;
import dev.capstan.config.spec.Warnings;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An {@code [eventlistener:x]}'s own keys, the output event keys of every program, and the
 * {@code [supervisord]} keys event listeners rely on: read as supervisord reads them, and wrong
 * values reported with their line.
 */
class EventListenerKeysTest {

    @TempDir
    Path dir;

    private ParsedConfigFile read(String text) {
        return new IniReader(Fixtures.host()).read(Fixtures.write(dir, "capstan.conf", text));
    }

    private String error(String text) {
        return error(Fixtures.host(), text);
    }

    private String error(Host host, String text) {
        Path file = Fixtures.write(dir, "capstan.conf", text);
        ConfigException e = assertThrows(ConfigException.class, () -> new IniReader(host).read(file));
        return e.getMessage().substring(file.toString().length() + 1);
    }

    private ServiceSpec only(String text) {
        ParsedConfigFile c = read(text);
        assertEquals(List.of(), c.warnings().messages());
        return c.services().get(0).spec();
    }

    @Test
    void aListenersKeys() {
        ServiceSpec s = only("[eventlistener:crash]\ncommand=/bin/l\nevents=process_state_fatal, TICK_5,PROCESS_STATE_FATAL\n"
                + "buffer_size=3\nresult_handler=supervisor.dispatchers:default_handler\nlen_unit=chars\n");
        assertEquals(List.of("PROCESS_STATE_FATAL", "TICK_5"), s.events(), "upper-cased, each once, as supervisord's set");
        assertEquals(3, s.bufferSize());
        assertEquals(LenUnit.CHARS, s.lenUnit());
        assertEquals(-1, s.priority());
        ServiceSpec d = only("[eventlistener:crash]\ncommand=/bin/l\nevents=PROCESS_STATE\n");
        assertEquals(ServiceSpec.DEFAULT_BUFFER_SIZE, d.bufferSize());
        assertEquals(LenUnit.BYTES, d.lenUnit());
    }

    @Test
    void badListenerValuesAreErrorsAtTheirLine() {
        assertEquals("3: events=PROCESS_STATE_FATL: not a supervisord event type, did you mean PROCESS_STATE_FATAL?",
                error("[eventlistener:l]\ncommand=/bin/l\nevents=PROCESS_STATE_FATL\n"));
        assertEquals("4: buffer_size=0: must be 1 or more",
                error("[eventlistener:l]\ncommand=/bin/l\nevents=EVENT\nbuffer_size=0\n"));
        assertEquals("4: len_unit=codepoints: expected bytes, chars",
                error("[eventlistener:l]\ncommand=/bin/l\nevents=EVENT\nlen_unit=codepoints\n"));
        assertEquals("4: redirect_stderr=true: not allowed in an event listener: its stdout carries the protocol",
                error("[eventlistener:l]\ncommand=/bin/l\nevents=EVENT\nredirect_stderr=true\n"));
    }

    @Test
    void listenerKeysElsewhereAreIgnoredInIniAsSupervisordIgnoresThemAndRefusedInCapstansFormats() {
        ParsedConfigFile c = read("[program:p]\ncommand=/bin/p\nbuffer_size=5\nlen_unit=chars\n");
        assertEquals(List.of(
                dir.resolve("capstan.conf") + ":3: buffer_size: not read in [program:p] (a key of [eventlistener:x]); ignored, as supervisord ignores it",
                dir.resolve("capstan.conf") + ":4: len_unit: not read in [program:p] (a key of [eventlistener:x]); ignored, as supervisord ignores it"),
                c.warnings().messages());
        KeyValues cfg = new KeyValues(Location.of("deploy/dev.capstan.service-p.cfg"));
        cfg.put("name", "p", cfg.origin());
        cfg.put("command", "/bin/p", cfg.origin());
        cfg.put("buffer_size", "5", cfg.origin());
        ConfigException e = assertThrows(ConfigException.class,
                () -> new ServiceSpecParser(Fixtures.users()).parse(cfg, new Warnings()));
        assertEquals("deploy/dev.capstan.service-p.cfg: buffer_size=5: only for an event listener ([eventlistener:x], or a service"
                + " with events)", e.getMessage());
    }

    @Test
    void aResultHandlerOfAPluginIsReportedAndEveryResultCountsAsDone() {
        ParsedConfigFile c = read("[eventlistener:stdout]\ncommand=/bin/l\nevents=PROCESS_LOG\n"
                + "result_handler=supervisor_stdout:event_handler\n");
        assertEquals("supervisor_stdout:event_handler", c.services().get(0).spec().resultHandler());
        assertEquals(List.of(dir.resolve("capstan.conf") + ":4: result_handler=supervisor_stdout:event_handler: not supported:"
                + " Capstan cannot run a Python function; every result of this listener counts as done (none is sent again)"),
                c.warnings().messages());
    }

    @Test
    void outputEventKeysGoWithTheirStream() {
        ServiceSpec s = only("[program:p]\ncommand=/bin/p\nstdout_events_enabled=true\nstderr_capture_maxbytes=1KB\n");
        assertEquals(new LogSpec(LogSpec.Target.CONSOLE, null, LogSpec.DEFAULT_MAX_BYTES, LogSpec.DEFAULT_BACKUPS, true, 0),
                s.stdout());
        assertEquals(1024, s.stderr().captureMaxBytes());
        assertTrue(s.stderr().makesEvents());
    }

    @Test
    void pidfileAndIdentifierArePublished() {
        ParsedConfigFile c = read("[supervisord]\npidfile=" + dir.resolve("x/../supervisord.pid") + "\nidentifier=web-01\n"
                + "[program:p]\ncommand=/bin/p\n");
        assertEquals(dir.resolve("supervisord.pid").toString(), c.supervisor().get("pidfile"));
        assertEquals("web-01", c.supervisor().get("identifier"));
    }

    @Test
    void userIsWhatCapstanRunsAsAlready() {
        Host asApp = new Host(Fixtures.host().environment(), "testhost",
                new UserDatabase(Fixtures.resource("etc/passwd"), Fixtures.resource("etc/group"), 1000));
        ParsedConfigFile c = new IniReader(asApp).read(Fixtures.write(dir, "capstan.conf",
                "[supervisord]\nuser=app\n[program:p]\ncommand=/bin/p\nuser=app\n"));
        assertNull(c.supervisor().get("user"), "applied by bin/capstan, not published");
        assertEquals(1000, c.services().get(0).spec().user().uid(), "as configured; the engine does not switch to itself");
        assertTrue(error("[supervisord]\nuser=app\n").startsWith("2: user=app: Capstan runs as root and cannot become app"
                + " itself: bin/capstan starts it as this user"), "root, not switched");
        assertEquals("2: user=www-data: Capstan runs as uid 1000, not as root, and cannot become www-data"
                + " (supervisord: Can't drop privilege as nonroot user)", error(asApp, "[supervisord]\nuser=www-data\n"));
        read("[supervisord]\nuser=root\n[program:p]\ncommand=/bin/p\n");
    }
}
