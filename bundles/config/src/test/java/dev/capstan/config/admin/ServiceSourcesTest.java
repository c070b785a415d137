package dev.capstan.config.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.capstan.api.Fault;
import dev.capstan.api.ReloadPlan;
import dev.capstan.api.ServiceText;
import dev.capstan.api.SupervisorException;
import dev.capstan.config.Fixtures;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A source of definitions and switches (the etcd source's way in) through the real ConfigAdmin:
 * definitions published by difference next to the file's, switches that turn services on and
 * off whichever source defined them, and a broken definition that changes nothing.
 */
class ServiceSourcesTest {

    private static final String SOURCE = "etcd";

    @TempDir
    Path dir;

    private ConfigAdminFramework osgi;
    private ServiceSourcesComponent sources;
    private ConfigFile file;

    @BeforeEach
    void startFramework() throws Exception {
        osgi = new ConfigAdminFramework(dir);
        sources = new ServiceSourcesComponent(osgi.admin, osgi.configurations, Fixtures::host);
        Fixtures.write(dir, "capstan.conf", "[program:web]\ncommand = /bin/web\n\n"
                + "[program:easytier]\ncommand = /bin/easytier\nautostart = false\n\n"
                + "[program:worker]\ncommand = /bin/worker %(process_num)d\nnumprocs = 2\nprocess_name = worker_%(process_num)d\n");
        file = new ConfigFile(osgi.admin, dir.resolve("capstan.conf"), null, Fixtures::host);
        file.update(List.of());
        osgi.calls();
    }

    @AfterEach
    void stopFramework() throws Exception {
        osgi.close();
    }

    private static ServiceText text(String name, String text) {
        return new ServiceText(name, "etcd /nodes/n1/services/" + name, text);
    }

    @Test
    void definitionsArePublishedByDifferenceInIniOrYaml() throws Exception {
        ServiceText api = text("api", "[program:api]\ncommand = /bin/api\n");
        ServiceText cache = text("cache", "services:\n  - name: cache\n    exec: [/bin/cache, --big]\n");
        assertEquals(new ReloadPlan(List.of("api", "cache"), List.of(), List.of()), sources.check(SOURCE, List.of(api, cache)));
        assertEquals(List.of(), osgi.calls(), "check changes nothing");
        assertEquals(new ReloadPlan(List.of("api", "cache"), List.of(), List.of()), sources.apply(SOURCE, List.of(api, cache), Map.of()));
        assertEquals(List.of("define api", "define cache"), osgi.calls());
        assertEquals("etcd /nodes/n1/services/api:1", osgi.supervisor.origins().get("api"));
        assertEquals(List.of("/bin/cache", "--big"), osgi.supervisor.defined().get("cache").command());

        ServiceText changed = text("api", "[program:api]\ncommand = /bin/api --v2\n");
        assertEquals(new ReloadPlan(List.of(), List.of("api"), List.of("cache")), sources.apply(SOURCE, List.of(changed), Map.of()));
        assertEquals(List.of("remove cache", "define api"), osgi.calls(), "cache's key was deleted; api changed; the file's services untouched");
        assertEquals(new ReloadPlan(List.of(), List.of(), List.of()), sources.apply(SOURCE, List.of(changed), Map.of()));
        assertEquals(List.of(), osgi.calls(), "an unchanged definition is not written again");
    }

    @Test
    void aBrokenDefinitionChangesNothingAndEveryProblemNamesItsKey() throws Exception {
        sources.apply(SOURCE, List.of(text("api", "[program:api]\ncommand = /bin/api\n")), Map.of());
        osgi.calls();
        SupervisorException e = assertThrows(SupervisorException.class, () -> sources.apply(SOURCE, List.of(
                text("api", "[program:api]\ncommand = /bin/api\nstartsecs = abc\n"),
                text("db", "services:\n  - name: db\n    exec: /bin/db\n    stop_timeout: soon\n"),
                text("x", "[program:y]\ncommand = /bin/y\n"),
                text("web", "[program:web]\ncommand = /bin/other-web\n"),
                text("empty", "")), Map.of("easytier", true)));
        assertEquals(Fault.CANT_REREAD, e.fault());
        assertEquals(List.of(
                "etcd /nodes/n1/services/api:3: startsecs=abc: not a number",
                "etcd /nodes/n1/services/db:4: stopwaitsecs=soon: not a number",
                "etcd /nodes/n1/services/x:1: y: this definition is x's: it may define only x (or the processes of its group)",
                "etcd /nodes/n1/services/empty: empty: a configuration needs services:",
                "etcd /nodes/n1/services/web:1: web: already defined by configuration dev.capstan.service~web@" + dir.resolve("capstan.conf")),
                e.getMessage().lines().map(l -> l.replaceAll("(not a number).*", "$1")).toList());
        assertEquals(List.of(), osgi.calls(), "nothing changed, not even the switch");
        assertEquals("/bin/api", osgi.supervisor.defined().get("api").command().get(0));
    }

    @Test
    void switchesTurnServicesOnAndOffWhoeverDefinedThem() throws Exception {
        assertFalse(osgi.supervisor.defined().get("easytier").autostart());
        sources.apply(SOURCE, List.of(), Map.of("easytier", true, "web", false));
        assertEquals(List.of("start easytier", "stop web"), sorted(osgi.calls()));

        // A service defined while its switch is set starts, or not, as the switch says.
        sources.apply(SOURCE, List.of(text("api", "[program:api]\ncommand = /bin/api\n")), Map.of("easytier", true, "web", false,
                "api", false));
        assertEquals(List.of("define api"), osgi.calls());
        assertFalse(osgi.supervisor.defined().get("api").autostart(), "defined off");

        // A group's switch reaches its processes; the file's reload keeps the switch.
        sources.apply(SOURCE, List.of(text("api", "[program:api]\ncommand = /bin/api\n")), Map.of("easytier", true, "web", false,
                "api", false, "worker", false));
        assertEquals(List.of("stop worker:worker_0", "stop worker:worker_1"), sorted(osgi.calls()));
        Fixtures.write(dir, "capstan.conf", "[program:web]\ncommand = /bin/web --v2\n\n"
                + "[program:easytier]\ncommand = /bin/easytier\nautostart = false\n\n"
                + "[program:worker]\ncommand = /bin/worker %(process_num)d\nnumprocs = 2\nprocess_name = worker_%(process_num)d\n");
        file.update(List.of());
        assertEquals(List.of("define web"), osgi.calls());
        assertFalse(osgi.supervisor.defined().get("web").autostart(), "web is off, though its file says autostart");

        // A switch that is deleted leaves the service to its own autostart: easytier (false) stops, web (true) starts.
        sources.apply(SOURCE, List.of(text("api", "[program:api]\ncommand = /bin/api\n")), Map.of("api", false));
        assertEquals(List.of("start web", "start worker:worker_0", "start worker:worker_1", "stop easytier"), sorted(osgi.calls()));
        assertTrue(sources.check(SOURCE, List.of()).removed().contains("api"));
    }

    @Test
    void withdrawRemovesTheSourcesServicesAndForgetsItsSwitches() throws Exception {
        sources.apply(SOURCE, List.of(text("api", "[program:api]\ncommand = /bin/api\n")), Map.of("easytier", true));
        assertEquals(List.of("define api", "start easytier"), sorted(osgi.calls()));
        sources.withdraw(SOURCE);
        assertEquals(List.of("remove api", "stop easytier"), sorted(osgi.calls()));
    }

    private static List<String> sorted(List<String> calls) {
        return calls.stream().sorted().toList();
    }
}
