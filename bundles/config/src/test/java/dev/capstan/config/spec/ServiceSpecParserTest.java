package dev.capstan.config.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.capstan.api.Dependency;
import dev.capstan.api.FatalAction;
import dev.capstan.api.LogSpec;
import dev.capstan.api.Probe;
import dev.capstan.api.RestartMode;
import dev.capstan.api.ServiceSpec;
import dev.capstan.api.ServiceType;
import dev.capstan.config.Fixtures;
import dev.capstan.process.Credentials;
import dev.capstan.process.Signal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The one parser, fed key/values the way a deploy/*.cfg file gives them (no line numbers). */
class ServiceSpecParserTest {

    private final ServiceSpecParser parser = new ServiceSpecParser(Fixtures.users());
    private final Warnings warnings = new Warnings();

    private ServiceSpec parse(String... keyValues) {
        KeyValues v = new KeyValues(Location.of("deploy/dev.capstan.service-web.cfg"));
        v.put("name", "web", v.origin());
        for (int i = 0; i < keyValues.length; i += 2) {
            v.put(keyValues[i], keyValues[i + 1], v.origin());
        }
        return parser.parse(v, warnings).spec();
    }

    private String error(String... keyValues) {
        return assertThrows(ConfigException.class, () -> parse(keyValues)).getMessage();
    }

    @Test
    void defaultsAreSupervisordsAndCapstans() {
        ServiceSpec s = parse("command", "/bin/web --port 80");
        assertEquals(ServiceSpec.builder("web", List.of("/bin/web", "--port", "80")).build(), s);
        assertEquals(LogSpec.Target.CONSOLE, s.stdout().target());
        assertEquals(RestartMode.UNEXPECTED, s.restart());
        assertTrue(warnings.messages().isEmpty());
    }

    @Test
    void capstanKeysAndShortTimings() {
        ServiceSpec s = parse("command", "/bin/web", "type", "oneshot", "startsecs", "0.3", "stopwaitsecs", "500ms",
                "backoff_initial", "0.1", "backoff_max", "2m", "restart", "on-failure", "restart_limit", "5",
                "restart_window", "1h", "depends_on", "db:ready, migrate:done cache", "ready", "tcp:8080",
                "ready_timeout", "30", "healthcheck", "http://127.0.0.1:8080/health", "healthcheck_interval", "2.5",
                "healthcheck_failures", "2", "on_fatal", "shutdown", "exit_on_end", "yes", "stopsignal", "2",
                "umask", "027", "priority", "-5");
        assertEquals(ServiceType.ONESHOT, s.type());
        assertEquals(Duration.ofMillis(300), s.startSecs());
        assertEquals(Duration.ofMillis(500), s.stopWait());
        assertEquals(Duration.ofMillis(100), s.backoffInitial());
        assertEquals(Duration.ofMinutes(2), s.backoffMax());
        assertEquals(RestartMode.UNEXPECTED, s.restart());
        assertEquals(Duration.ofHours(1), s.restartWindow());
        assertEquals(List.of(Dependency.parse("db:ready"), Dependency.parse("migrate:done"), Dependency.parse("cache")), s.dependsOn());
        assertEquals(new Probe.Tcp("127.0.0.1", 8080), s.ready());
        assertEquals(Duration.ofMillis(2500), s.healthInterval());
        assertEquals(FatalAction.SHUTDOWN, s.onFatal());
        assertTrue(s.exitOnEnd());
        assertEquals(Signal.INT, s.stopSignal());
        assertEquals(027, s.umask());
        assertEquals(-5, s.priority());
    }

    @Test
    void restartSpellings() {
        assertEquals(RestartMode.ALWAYS, parse("command", "x", "restart", "always").restart());
        assertEquals(RestartMode.NEVER, parse("command", "x", "restart", "no").restart());
        assertEquals(RestartMode.UNEXPECTED, parse("command", "x", "restart", "unexpected").restart());
        assertEquals(RestartMode.ALWAYS, parse("command", "x", "autorestart", "TRUE").restart());
        assertEquals(RestartMode.NEVER, parse("command", "x", "autorestart", "off").restart());
        assertEquals(RestartMode.UNEXPECTED, parse("command", "x", "autorestart", "unexpected").restart());
    }

    @Test
    void outputTargets() {
        assertEquals(LogSpec.Target.CONSOLE, parse("command", "x", "stdout_logfile", "/dev/fd/1").stdout().target());
        assertEquals(LogSpec.Target.AUTO, parse("command", "x", "stdout_logfile", "auto").stdout().target());
        assertEquals(LogSpec.Target.NONE, parse("command", "x", "stderr_logfile", "NONE").stderr().target());
        LogSpec file = parse("command", "x", "stderr_logfile", "/var/log/e.log", "stderr_logfile_maxbytes", "1KB",
                "stderr_logfile_backups", "0").stderr();
        assertEquals(new LogSpec(LogSpec.Target.FILE, Path.of("/var/log/e.log"), 1024, 0), file);
        assertEquals(1L << 30, parse("command", "x", "stdout_logfile_maxbytes", "1GB").stdout().maxBytes());
    }

    @Test
    void usersByNameNumberAndGroup() {
        assertEquals(new Credentials("app", 1000, 1000, true), parse("command", "x", "user", "app").user());
        assertEquals(new Credentials("app", 1000, 50, true), parse("command", "x", "user", "app:staff").user());
        assertEquals(new Credentials("33", 33, 33, true), parse("command", "x", "user", "33").user());
        assertEquals(new Credentials("4242", 4242, 0, false), parse("command", "x", "user", "4242").user());
        assertEquals(new Credentials("4242", 4242, 4242, false), parse("command", "x", "user", "4242:4242").user());
        assertEquals("deploy/dev.capstan.service-web.cfg: user=app:wheel: no such group in " + Fixtures.resource("etc/group"),
                error("command", "x", "user", "app:wheel"));
    }

    @Test
    void deployFileErrorsReadFileKeyMessage() {
        assertEquals("deploy/dev.capstan.service-web.cfg: startsecs=abc: not a number", error("command", "x", "startsecs", "abc"));
        assertEquals("deploy/dev.capstan.service-web.cfg: comand: unknown key, did you mean command?", error("comand", "x"));
        assertEquals("deploy/dev.capstan.service-web.cfg: numprocs: only allowed in an INI [program:x] section",
                error("command", "x", "numprocs", "2"));
        assertEquals("deploy/dev.capstan.service-web.cfg: healthcheck_failures=0: must be 1 or more",
                error("command", "x", "healthcheck_failures", "0"));
        assertEquals("deploy/dev.capstan.service-web.cfg: type=daemon: expected longrun, oneshot", error("command", "x", "type", "daemon"));
        assertEquals("deploy/dev.capstan.service-web.cfg: redirect_stderr: not allowed in an event listener: its stdout carries the protocol",
                error("command", "x", "events", "TICK_5", "redirect_stderr", "true").replace("redirect_stderr=true", "redirect_stderr"));
    }

    @Test
    void unsupportedKeysWarnUnlessTheyAskForTheDefault() {
        parse("command", "x", "stdout_events_enabled", "false", "stdout_capture_maxbytes", "0", "serverurl", "AUTO");
        assertTrue(warnings.messages().isEmpty(), warnings.messages()::toString);
        ServiceSpec s = parse("command", "x", "stdout_syslog", "true", "redirect_stderr", "true", "stderr_logfile", "/tmp/e");
        assertEquals(List.of(
                "deploy/dev.capstan.service-web.cfg: stdout_syslog: not implemented by Capstan, ignored (output goes to the console or files, never to syslog)",
                "deploy/dev.capstan.service-web.cfg: stderr_logfile: ignored: redirect_stderr=true sends stderr where stdout goes"),
                warnings.messages());
        assertTrue(s.redirectStderr());
        assertFalse(s.stopAsGroup());
        assertNull(s.user());
    }
}
