package dev.capstan.config.extender;

import static dev.capstan.config.extender.TestBundles.bundle;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.capstan.api.ServiceSpec;
import dev.capstan.config.Fixtures;
import dev.capstan.config.admin.ConfigAdminFramework;
import dev.capstan.config.spec.ConfigException;
import dev.capstan.config.spec.Warnings;
import dev.capstan.testing.ScriptedSupervisor;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.startlevel.BundleStartLevel;
import org.osgi.framework.startlevel.FrameworkStartLevel;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * The extender in an embedded Felix with the real ConfigAdmin and the real consumer of
 * {@code dev.capstan.service}: bundles made in memory are installed, started, updated, stopped and
 * uninstalled, and the engine's side is recorded. (itests has the same with the real engine.)
 */
class ServiceBundleExtenderTest {

    @TempDir
    Path dir;

    private ConfigAdminFramework osgi;
    private Framework framework;
    private BundleContext context;
    private ConfigurationAdmin admin;
    private ScriptedSupervisor supervisor;

    @BeforeEach
    void startFramework() throws Exception {
        osgi = new ConfigAdminFramework(dir);
        framework = osgi.framework;
        context = osgi.context;
        admin = osgi.admin;
        supervisor = osgi.supervisor;
        new ServiceBundleExtender(context, admin);
    }

    @AfterEach
    void stopFramework() throws Exception {
        osgi.close();
    }

    private List<String> calls() throws Exception {
        return osgi.calls();
    }

    private static final String WEB = "[program:web]\ncommand = /bin/web --port 80\npriority = 20\n";

    @Test
    void startingPublishesAndStoppingRemoves() throws Exception {
        Bundle b = context.installBundle("web", bundle("test.web", "1.0.0").resource("OSGI-INF/capstan/web.conf", WEB).jar());
        assertEquals(30, b.adapt(BundleStartLevel.class).getStartLevel(), "level = 10 + priority, set when installed");
        assertEquals(List.of(), calls(), "installed is not started");

        b.start();
        assertEquals(List.of("define web"), calls());
        assertEquals(List.of("/bin/web", "--port", "80"), supervisor.defined().get("web").command());
        assertEquals("bundle test.web 1.0.0 OSGI-INF/capstan/web.conf:1", supervisor.origins().get("web"));

        b.stop();
        assertEquals(List.of("remove web"), calls());
        b.start();
        assertEquals(List.of("define web"), calls());
        b.uninstall();
        assertEquals(List.of("remove web"), calls());
    }

    @Test
    void anUpdateTouchesOnlyWhatChanged() throws Exception {
        String two = WEB + "[program:worker]\ncommand = /bin/worker\npriority = 30\n";
        Bundle b = context.installBundle("app", bundle("test.app", "1.0.0").resource("OSGI-INF/capstan/app.conf", two).jar());
        b.start();
        assertEquals(List.of("define web", "define worker"), calls());

        // web unchanged, worker changed, cron new; the framework stops and starts the bundle around the update.
        b.update(bundle("test.app", "1.0.0").resource("OSGI-INF/capstan/app.conf",
                WEB + "[program:worker]\ncommand = /bin/worker --fast\npriority = 5\n"
                        + "[program:cron]\ncommand = /bin/cron\n").jar());
        assertEquals(List.of("define worker", "define cron"), calls());
        assertEquals(15, b.adapt(BundleStartLevel.class).getStartLevel(), "the new lowest priority sets the level");

        // A new version with the same definitions: only the origins change, and the engine keeps a
        // process whose spec is equal.
        Map<String, ServiceSpec> before = new HashMap<>(supervisor.defined());
        b.update(bundle("test.app", "1.1.0").resource("OSGI-INF/capstan/app.conf",
                WEB + "[program:worker]\ncommand = /bin/worker --fast\npriority = 5\n"
                        + "[program:cron]\ncommand = /bin/cron\n").jar());
        assertEquals(List.of("define worker", "define web", "define cron"), calls());
        assertEquals(before, supervisor.defined());
        assertEquals("bundle test.app 1.1.0 OSGI-INF/capstan/app.conf:1", supervisor.origins().get("web"));

        // A version without worker removes it.
        b.update(bundle("test.app", "1.2.0").resource("OSGI-INF/capstan/app.conf", WEB).jar());
        assertTrue(calls().contains("remove worker"));
    }

    @Test
    void aStopByStartLevelRemovesOnceTheLevelIsReached() throws Exception {
        Bundle b = context.installBundle("web", bundle("test.web", "1.0.0").resource("OSGI-INF/capstan/web.conf", WEB).jar());
        b.start();
        assertEquals(List.of("define web"), calls());
        FrameworkStartLevel levels = framework.adapt(FrameworkStartLevel.class);
        CountDownLatch changed = new CountDownLatch(1);
        levels.setStartLevel(25, e -> {
            if (e.getType() == FrameworkEvent.STARTLEVEL_CHANGED) {
                changed.countDown();
            }
        });
        assertTrue(changed.await(10, TimeUnit.SECONDS));
        // The extender hears the same STARTLEVEL_CHANGED on its own listener, maybe after ours:
        // wait for its one call rather than fence with a sentinel that could come first.
        assertEquals("remove web", supervisor.next());
        CountDownLatch raised = new CountDownLatch(1);
        levels.setStartLevel(2000, e -> raised.countDown());
        assertTrue(raised.await(10, TimeUnit.SECONDS));
        assertEquals("define web", supervisor.next());
        assertEquals(List.of(), calls());
    }

    @Test
    void yamlHeaderAndDependenciesOnOtherBundles() throws Exception {
        Bundle b = context.installBundle("mixed", bundle("test.mixed", "2.0.0")
                .resource("OSGI-INF/capstan/a.yaml", "services:\n  - name: api\n    exec: [/bin/api, --fast]\n    priority: 40\n")
                .header("Capstan-Service", "avahi;command=\"avahi-daemon --no-drop-root\";depends_on=dbus:ready;priority=20,"
                        + " ntp;command=/usr/sbin/ntpd;autostart=false")
                .jar());
        assertEquals(30, b.adapt(BundleStartLevel.class).getStartLevel());
        b.start();
        assertEquals(List.of("define avahi", "define api", "define ntp"), calls(), "in start order");
        assertEquals(List.of("avahi-daemon", "--no-drop-root"), supervisor.defined().get("avahi").command());
        assertEquals("dbus", supervisor.defined().get("avahi").dependsOn().get(0).name());
        assertEquals("bundle test.mixed 2.0.0 Capstan-Service, service 1", supervisor.origins().get("avahi"));
        assertEquals("bundle test.mixed 2.0.0 OSGI-INF/capstan/a.yaml:2", supervisor.origins().get("api"));
    }

    @Test
    void aBundleWithABadDefinitionPublishesNothing() throws Exception {
        Bundle bad = context.installBundle("bad", bundle("test.bad", "1.0.0")
                .resource("OSGI-INF/capstan/a.conf", "[program:fine]\ncommand = /bin/fine\n")
                .resource("OSGI-INF/capstan/b.conf", "[program:broken]\ncommand = /bin/broken\nstartsecs = abc\n").jar());
        assertEquals(10, bad.adapt(BundleStartLevel.class).getStartLevel(), "left at the default");
        ConfigException e = assertThrows(ConfigException.class,
                () -> BundleDefinitions.read(bad, Fixtures.host(), new Warnings()));
        assertEquals("bundle test.bad 1.0.0 OSGI-INF/capstan/b.conf:3: startsecs=abc: not a number", e.getMessage());
        bad.start();
        assertEquals(List.of(), calls());
    }

    @Test
    void settingsAndIncludesBelongInTheConfigurationFile() throws Exception {
        Bundle b = context.installBundle("s", bundle("test.settings", "1.0.0")
                .resource("OSGI-INF/capstan/s.conf", "[program:x]\ncommand = /bin/x\n\n[capstan]\nshutdown_timeout = 3\n").jar());
        ConfigException e = assertThrows(ConfigException.class, () -> BundleDefinitions.read(b, Fixtures.host(), new Warnings()));
        assertEquals("bundle test.settings 1.0.0 OSGI-INF/capstan/s.conf:4: [capstan]: not allowed here: only [program:x], "
                + "[fcgi-program:x], [eventlistener:x] and [group:x]; settings belong in the -c file", e.getMessage());
    }

    @Test
    void headerSyntaxErrorsNameTheService() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> ServiceHeader.parse("a;command=/bin/a, b;command=\"/bin/b", "bundle x 1.0.0 Capstan-Service"));
        assertEquals("bundle x 1.0.0 Capstan-Service: a double quote is not closed", e.getMessage());
        e = assertThrows(ConfigException.class,
                () -> ServiceHeader.parse("a;command=/bin/a, b;/bin/b", "bundle x 1.0.0 Capstan-Service"));
        assertEquals("bundle x 1.0.0 Capstan-Service, service 2: /bin/b: expected key=value", e.getMessage());
        assertEquals("sh -c \"echo a;b\"", ServiceHeader.parse("a;command=\"sh -c \\\"echo a;b\\\"\"", "h").get(0).get("command"));
    }
}
