package dev.capstan.config.ini;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.capstan.api.LogSpec;
import dev.capstan.api.RestartMode;
import dev.capstan.api.ServiceSpec;
import dev.capstan.config.Fixtures;
import dev.capstan.config.spec.ParsedConfigFile;
import dev.capstan.config.spec.ParsedService;
import dev.capstan.process.Signal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The web application corpus (ini/webapp): includes, a group, numprocs, expansions, a listener. */
class IniReaderTest {

    private static final Path CONF = Fixtures.resource("ini/webapp/supervisord.conf");
    private final ParsedConfigFile config = new IniReader(Fixtures.host()).read(CONF);

    private ServiceSpec spec(String fullName) {
        return config.services().stream().map(ParsedService::spec).filter(s -> s.fullName().equals(fullName))
                .findFirst().orElseThrow(() -> new AssertionError("no " + fullName));
    }

    @Test
    void namesAsSupervisordGivesThemInStartOrder() {
        List<String> names = config.services().stream().map(s -> s.spec().fullName()).collect(Collectors.toList());
        assertEquals(List.of("crashmail", "nginx", "worker:worker_01", "worker:worker_02", "worker:worker_03",
                "backend:scheduler", "backend:web"), names);
    }

    @Test
    void programWithQuotedArgumentAndConsoleOutput() {
        ServiceSpec nginx = spec("nginx");
        assertEquals(List.of("/usr/sbin/nginx", "-g", "daemon off;"), nginx.command());
        assertEquals(10, nginx.priority());
        assertEquals(RestartMode.ALWAYS, nginx.restart());
        assertEquals(LogSpec.Target.CONSOLE, nginx.stdout().target());
        assertEquals(LogSpec.Target.CONSOLE, nginx.stderr().target());
        assertEquals(Map.of("APP_ENV", "production", "TZ", "UTC"), nginx.environment());
    }

    @Test
    void includedProgramWithContinuationExpansionsAndGroup() {
        ServiceSpec web = spec("backend:web");
        assertEquals("web", web.name());
        assertEquals("backend", web.group());
        assertEquals(List.of("/srv/app/venv/bin/gunicorn", "--bind", "127.0.0.1:8000", "--workers", "4",
                "app.wsgi:application"), web.command());
        assertEquals(Path.of("/srv/app"), web.directory());
        assertEquals(33, web.user().uid());
        assertEquals(Map.of("APP_ENV", "production", "TZ", "UTC",
                "DJANGO_SETTINGS_MODULE", "app.settings.production", "PYTHONUNBUFFERED", "1"), web.environment());
        assertEquals(Duration.ofSeconds(5), web.startSecs());
        assertEquals(Duration.ofSeconds(30), web.stopWait());
        assertTrue(web.stopAsGroup());
        assertTrue(web.killAsGroup(), "stopasgroup implies killasgroup");
        assertTrue(web.redirectStderr());
        assertEquals(new LogSpec(LogSpec.Target.FILE, Path.of("/var/log/web.log"), 10L * 1024 * 1024, 5), web.stdout());
    }

    @Test
    void hereIsTheIncludedFilesDirectory() {
        ServiceSpec scheduler = spec("backend:scheduler");
        Path here = CONF.toAbsolutePath().getParent().resolve("conf.d");
        assertEquals(here.resolve("scheduler.log"), scheduler.stdout().file());
        assertEquals(Set.of(0, 2), scheduler.exitCodes());
        assertEquals(Signal.INT, scheduler.stopSignal());
        assertEquals(RestartMode.UNEXPECTED, scheduler.restart());
        assertEquals(1000, scheduler.user().uid());
    }

    @Test
    void numprocsMakesNumberedProcesses() {
        ServiceSpec w2 = spec("worker:worker_02");
        assertEquals("worker", w2.group());
        assertEquals(List.of("/srv/app/venv/bin/celery", "worker", "-Q", "default", "-n", "worker2@testhost"), w2.command());
        assertEquals(LogSpec.Target.NONE, w2.stdout().target());
        assertEquals(Duration.ofSeconds(600), w2.stopWait());
        assertFalse(w2.stopAsGroup());
        assertTrue(w2.killAsGroup());
        assertEquals(900, w2.priority());
    }

    @Test
    void eventListenerIsKeptWithItsEventsAndStartsFirst() {
        ServiceSpec listener = spec("crashmail");
        assertEquals(List.of("PROCESS_STATE_EXITED", "PROCESS_STATE_FATAL"), listener.events());
        assertEquals(-1, listener.priority());
    }

    @Test
    void settingsSectionsArePublishedNormalized() {
        assertEquals(Map.of("childlogdir", "/tmp", "nodaemon", true, "pidfile", "/tmp/supervisord.pid"), config.supervisor());
        assertEquals(Map.of("file", "/var/run/supervisor.sock", "chmod", "0700"), config.control());
    }

    @Test
    void supervisordsOwnRpcInterfaceIsReadWithoutAWarning() {
        List<String> warnings = config.warnings().messages();
        assertEquals(List.of(), warnings, "[rpcinterface:supervisor] names the interface Capstan serves");
    }

    @Test
    void anRpcInterfacePluginIsWarnedAboutWithFileAndLine(@TempDir Path dir) throws Exception {
        Path conf = Files.writeString(dir.resolve("supervisord.conf"), String.join("\n",
                "[rpcinterface:supervisor]",
                "supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface",
                "[rpcinterface:twiddler]",
                "supervisor.rpcinterface_factory = supervisor_twiddler.rpcinterface:make_twiddler_rpcinterface",
                "[program:web]",
                "command = sleep 1",
                ""));
        List<String> warnings = new IniReader(Fixtures.host()).read(conf).warnings().messages();
        assertEquals(List.of(conf + ":3: [rpcinterface:twiddler]: not implemented by Capstan, section ignored"
                + " (Capstan serves supervisord's own XML-RPC interface and loads no other)"), warnings);
    }

    @Test
    void publishedPropertiesAreTheExpandedKeysWithoutIgnoredOnes() {
        ParsedService worker = config.services().stream().filter(s -> s.spec().name().equals("worker_01")).findFirst().orElseThrow();
        Map<String, String> p = worker.properties();
        assertEquals("worker_01", p.get("name"));
        assertEquals("worker", p.get("group"));
        assertEquals("/srv/app/venv/bin/celery worker -Q default -n worker1@testhost", p.get("command"));
        assertEquals("APP_ENV=\"production\",TZ=\"UTC\"", p.get("environment"));
        assertNull(p.get("numprocs"));
        assertEquals(CONF.resolveSibling("conf.d/workers.conf") + ":1", worker.origin());
        ParsedService crashmail = config.services().get(0);
        assertEquals("25", crashmail.properties().get("buffer_size"));
        assertEquals(25, crashmail.spec().bufferSize());
        assertEquals(List.of("PROCESS_STATE_EXITED", "PROCESS_STATE_FATAL"), crashmail.spec().events());
    }
}
