package dev.capstan.config.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.capstan.api.ConfigurationPids;
import dev.capstan.api.Fault;
import dev.capstan.api.ReloadPlan;
import dev.capstan.api.ServiceSpec;
import dev.capstan.api.SupervisorException;
import dev.capstan.config.Fixtures;
import dev.capstan.testing.ScriptedSupervisor;
import java.nio.file.Path;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * The ConfigAdmin path (docs/decisions.md, "One model, several readers") end to end with the
 * real Felix ConfigAdmin in an embedded Felix: the file is
 * published as configurations, the consumer turns them into define/remove, and a reload touches
 * exactly the difference.
 */
class ConfigAdminPathTest {

    @TempDir
    Path dir;

    private ConfigAdminFramework osgi;
    private ConfigurationAdmin admin;
    private ScriptedSupervisor supervisor;
    private ConfigFile file;
    private Path conf;

    @BeforeEach
    void startFramework() throws Exception {
        osgi = new ConfigAdminFramework(dir);
        admin = osgi.admin;
        supervisor = osgi.supervisor;
        conf = dir.resolve("capstan.conf");
        file = new ConfigFile(admin, conf, null, Fixtures::host);
    }

    @AfterEach
    void stopFramework() throws Exception {
        osgi.close();
    }

    private void write(String text) {
        Fixtures.write(dir, "capstan.conf", text);
    }

    private List<String> calls() throws Exception {
        return osgi.calls();
    }

    private static final String FIRST = "[capstan]\nshutdown_timeout=5\n"
            + "[program:web]\ncommand=/bin/web\npriority=5\ndepends_on=db\n"
            + "[program:db]\ncommand=/bin/db\npriority=10\n"
            + "[program:cache]\ncommand=/bin/cache\npriority=20\n";

    @Test
    void servicesArriveInStartOrderAndReloadTouchesOnlyTheDifference() throws Exception {
        write(FIRST);
        assertEquals(new ReloadPlan(List.of("db", "web", "cache"), List.of(), List.of()), file.update(List.of()));
        assertEquals(List.of("define db", "define web", "define cache"), calls());
        assertEquals(conf + ":7", supervisor.origins().get("db"));
        assertEquals(5000L, admin.getConfiguration(ConfigurationPids.SUPERVISOR, "?").getProperties().get("shutdown_timeout_ms"));

        // db moves down a line (not a change), web changes, cache goes, worker comes.
        write("[capstan]\nshutdown_timeout=5\n\n"
                + "[program:web]\ncommand=/bin/web --new\npriority=5\ndepends_on=db\n"
                + "[program:db]\ncommand=/bin/db\npriority=10\n"
                + "[program:worker]\ncommand=/bin/worker\n");
        ReloadPlan expected = new ReloadPlan(List.of("worker"), List.of("web"), List.of("cache"));
        assertEquals(expected, file.reread());
        assertEquals(List.of(), calls(), "reread changes nothing");
        assertEquals(expected, file.update(List.of()));
        assertEquals(List.of("remove cache", "define web", "define worker"), calls());
        assertEquals(List.of("/bin/web", "--new"), supervisor.defined().get("web").command());

        assertEquals(new ReloadPlan(List.of(), List.of(), List.of()), file.update(List.of()));
        assertEquals(List.of(), calls(), "an unchanged file touches nothing");

        // Named configurations: a service's PID is its name and file, also when it comes back.
        assertEquals(ConfigurationPids.SERVICE + "~db@" + conf, admin.listConfigurations("(name=db)")[0].getPid());
        write(FIRST);
        assertEquals(new ReloadPlan(List.of("cache"), List.of("web"), List.of("worker")), file.update(List.of()));
        assertEquals(List.of("remove worker", "define web", "define cache"), calls());
        assertEquals(ConfigurationPids.SERVICE + "~cache@" + conf, admin.listConfigurations("(name=cache)")[0].getPid());
    }

    @Test
    void aBrokenFileOnReloadChangesNothing() throws Exception {
        write(FIRST);
        file.update(List.of());
        assertEquals(3, calls().size());
        write(FIRST.replace("priority=20", "priority=20\nstartsecs=soon"));
        SupervisorException e = assertThrows(SupervisorException.class, () -> file.update(List.of()));
        assertEquals(Fault.CANT_REREAD, e.fault());
        assertEquals(conf + ":13: startsecs=soon: not a number", e.getMessage());
        assertEquals(List.of(), calls());
        assertEquals(3, admin.listConfigurations("(service.factoryPid=dev.capstan.service)").length);
    }

    @Test
    void updateByNameAppliesOnlyThose() throws Exception {
        write(FIRST);
        file.update(List.of());
        calls();
        write(FIRST.replace("/bin/web", "/bin/web2").replace("/bin/cache", "/bin/cache2"));
        assertEquals(new ReloadPlan(List.of(), List.of("cache"), List.of()), file.update(List.of("cache")));
        assertEquals(List.of("define cache"), calls());
        assertEquals(new ReloadPlan(List.of(), List.of("web"), List.of()), file.reread());
    }

    @Test
    void withdrawnServicesAreRemovedAndRereadFindsThemAgainUntilAnUpdateBringsThemBack() throws Exception {
        write(FIRST + "[group:pair]\nprograms=a,b\n[program:a]\ncommand=/bin/a\n[program:b]\ncommand=/bin/b\n");
        file.update(List.of());
        calls();
        assertEquals(List.of("pair:a", "pair:b"), file.withdraw(List.of("pair")));
        assertEquals(List.of("cache"), file.withdraw(List.of("cache")));
        assertEquals(List.of(), file.withdraw(List.of("nosuch")));
        assertEquals(Set.of("remove pair:a", "remove pair:b", "remove cache"), Set.copyOf(calls()));
        assertEquals(new ReloadPlan(List.of("cache", "pair:a", "pair:b"), List.of(), List.of()), file.reread());
        assertEquals(new ReloadPlan(List.of("pair:a", "pair:b"), List.of(), List.of()), file.update(List.of("pair")));
        assertEquals(List.of("define pair:a", "define pair:b"), calls());
        assertEquals(List.of("db", "web", "cache", "a", "b"),
                file.services().stream().map(ServiceSpec::name).toList(), "the file's services, applied or not");
    }

    @Test
    void deployFilesTakeTheSamePathAndAreNotTheFilesToDelete() throws Exception {
        write(FIRST);
        file.update(List.of());
        calls();

        // What FileInstall makes of deploy/dev.capstan.service-extra.cfg.
        Configuration extra = admin.createFactoryConfiguration(ConfigurationPids.SERVICE, "?");
        Dictionary<String, Object> p = new Hashtable<>();
        p.put("felix.fileinstall.filename", "file:/opt/capstan/deploy/dev.capstan.service-extra.cfg");
        p.put("command", "/bin/extra");
        p.put("startsecs", "0.5");
        extra.update(p);
        assertEquals(List.of("define extra"), calls());
        assertEquals("/opt/capstan/deploy/dev.capstan.service-extra.cfg", supervisor.origins().get("extra"));

        // A broken edit leaves the running definition alone.
        p.put("startsecs", "abc");
        extra.update(p);
        assertEquals(List.of(), calls());
        assertEquals(java.time.Duration.ofMillis(500), supervisor.defined().get("extra").startSecs());

        // A name the file already uses is refused.
        Configuration clash = admin.createFactoryConfiguration(ConfigurationPids.SERVICE, "?");
        Dictionary<String, Object> q = new Hashtable<>();
        q.put("name", "db");
        q.put("command", "/bin/other-db");
        clash.update(q);
        assertEquals(List.of(), calls());
        assertEquals(List.of("/bin/db"), supervisor.defined().get("db").command());

        // Reloading the file neither sees nor deletes them.
        write(FIRST.replace("[program:cache]\ncommand=/bin/cache\npriority=20\n", ""));
        assertEquals(new ReloadPlan(List.of(), List.of(), List.of("cache")), file.update(List.of()));
        assertEquals(List.of("remove cache"), calls());
        extra.delete();
        assertEquals(List.of("remove extra"), calls());
        clash.delete();
        assertEquals(List.of(), calls());
    }

    @Test
    void socketOptionOverridesTheControlSection() throws Exception {
        write("[unix_http_server]\nfile=/run/from-file.sock\nchmod=0770\n[program:a]\ncommand=/bin/a\n");
        new ConfigFile(admin, conf, "/run/capstan.sock", Fixtures::host).update(List.of());
        Dictionary<String, Object> control = admin.getConfiguration(ConfigurationPids.CONTROL, "?").getProperties();
        assertEquals("/run/capstan.sock", control.get("file"));
        assertEquals("0770", control.get("chmod"));
        assertTrue(calls().contains("define a"));
        assertEquals("unix:///run/capstan.sock", System.getProperty(ConfigurationPids.SERVER_URL_PROPERTY));
    }

    /** The HTTP server binds the control socket when it gets this configuration: after a good read, and only then. */
    @Test
    void theControlSectionIsPublishedEvenWhenAbsentAndNeverForARejectedFile() throws Exception {
        write("[program:a]\ncommand=/bin/a\nstartsecs=soon\n");
        ConfigFile rejected = new ConfigFile(admin, conf, null, Fixtures::host);
        assertThrows(dev.capstan.api.SupervisorException.class, () -> rejected.update(List.of()));
        assertEquals(null, admin.getConfiguration(ConfigurationPids.CONTROL, "?").getProperties());
        write("[program:a]\ncommand=/bin/a\n[inet_http_server]\nport=:9001\n");
        rejected.update(List.of());
        Dictionary<String, Object> control = admin.getConfiguration(ConfigurationPids.CONTROL, "?").getProperties();
        assertEquals(null, control.get("file"), "the default socket");
        assertEquals(":9001", admin.getConfiguration(ConfigurationPids.INET_HTTP, "?").getProperties().get("port"));
        assertEquals("unix://" + dev.capstan.ctl.protocol.ControlProtocol.defaultSocket(),
                System.getProperty(ConfigurationPids.SERVER_URL_PROPERTY));
        write("[program:a]\ncommand=/bin/a\n");
        rejected.update(List.of());
        assertEquals(null, admin.getConfiguration(ConfigurationPids.INET_HTTP, "?").getProperties(), "section gone, listener gone");
    }
}
