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
import dev.capstan.config.spec.UserDatabase;
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
        assertEquals("3: events=PROCESS_STATE_FATL: unknown event type, did you mean PROCESS_STATE_FATAL?",
                error("[eventlistener:l]\ncommand=/bin/l\nevents=PROCESS_STATE_FATL\n"));
        assertEquals("4: buffer_size=0: must be 1 or more",
                error("[eventlistener:l]\ncommand=/bin/l\nevents=EVENT\nbuffer_size=0\n"));
        assertEquals("4: result_handler=superlance.crashmail:handler: not supported: Capstan has only supervisord's default,"
                        + " supervisor.dispatchers:default_handler (OK is done, anything else sends the event again)",
                error("[eventlistener:l]\ncommand=/bin/l\nevents=EVENT\nresult_handler=superlance.crashmail:handler\n"));
        assertEquals("4: len_unit=codepoints: expected bytes, chars",
                error("[eventlistener:l]\ncommand=/bin/l\nevents=EVENT\nlen_unit=codepoints\n"));
        assertEquals("3: buffer_size: only for an event listener ([eventlistener:x], or a service with events)",
                error("[program:p]\ncommand=/bin/p\nbuffer_size=5\n"));
        assertEquals("4: redirect_stderr=true: not allowed in an event listener: its stdout carries the protocol",
                error("[eventlistener:l]\ncommand=/bin/l\nevents=EVENT\nredirect_stderr=true\n"));
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
        assertEquals("2: pidfile=/no/such/dir/s.pid: the directory /no/such/dir does not exist",
                error("[supervisord]\npidfile=/no/such/dir/s.pid\n"));
    }

    @Test
    void userIsWhatCapstanRunsAsAlready() {
        Host asApp = new Host(Fixtures.host().environment(), "testhost",
                new UserDatabase(Fixtures.resource("etc/passwd"), Fixtures.resource("etc/group"), 1000, 1000));
        ParsedConfigFile c = new IniReader(asApp).read(Fixtures.write(dir, "capstan.conf",
                "[supervisord]\nuser=app\n[program:p]\ncommand=/bin/p\nuser=app\n[program:q]\ncommand=/bin/q\nuser=daemon\n"));
        assertNull(c.supervisor().get("user"), "applied by bin/capstan, not published");
        assertNull(c.services().get(0).spec().user(), "its own user: started without switching, as supervisord");
        assertEquals(1, c.services().get(1).spec().user().uid());
        assertTrue(error("[supervisord]\nuser=app\n").startsWith("2: user=app: Capstan runs as root and cannot become app"
                + " itself: bin/capstan starts it as this user"), "root, not switched");
        assertEquals("2: user=www-data: Capstan runs as uid 1000, not as root, and cannot become www-data"
                + " (supervisord: Can't drop privilege as nonroot user)", error(asApp, "[supervisord]\nuser=www-data\n"));
        read("[supervisord]\nuser=root\n[program:p]\ncommand=/bin/p\n");
    }
}
