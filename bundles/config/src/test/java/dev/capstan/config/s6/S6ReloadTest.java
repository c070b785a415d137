package dev.capstan.config.s6;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.capstan.api.ConfigurationPids;
import dev.capstan.api.Dependency;
import dev.capstan.api.Fault;
import dev.capstan.api.ReloadPlan;
import dev.capstan.api.SupervisorException;
import dev.capstan.config.Fixtures;
import dev.capstan.config.admin.ConfigAdminFramework;
import dev.capstan.config.admin.ConfigFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A tree takes the ConfigAdmin path every configuration takes, with the real Felix ConfigAdmin:
 * published as configurations, turned into the engine's services by the one consumer, and a
 * reload applies exactly the difference.
 */
class S6ReloadTest {

    @TempDir
    Path dir;

    private ConfigAdminFramework osgi;
    private Tree tree;
    private ConfigFile file;

    @BeforeEach
    void start() throws Exception {
        osgi = new ConfigAdminFramework(dir.resolve("felix"));
        tree = new Tree(dir.resolve("image"));
        tree.longrun("dbus", Tree.EXECLINE + "dbus-daemon --system --nofork\n")
                .longrun("avahi", Tree.EXECLINE + "avahi-daemon\n").dependsOn("avahi", "dbus")
                .longrun("tinc", Tree.EXECLINE + "tincd -D\n")
                .user("avahi");
        file = new ConfigFile(osgi.admin, tree.overlay(), null, Fixtures::host);
    }

    @AfterEach
    void stop() throws Exception {
        osgi.close();
    }

    @Test
    void aTreeIsPublishedInStartOrderAndAReloadTouchesOnlyTheDifference() throws Exception {
        assertEquals(new ReloadPlan(List.of("dbus", "avahi", "tinc"), List.of(), List.of()), file.update(List.of()));
        assertEquals(List.of("define dbus", "define avahi", "define tinc"), osgi.calls());
        assertEquals(tree.rc("dbus").toString(), osgi.supervisor.origins().get("dbus"));
        assertEquals(6000L, osgi.admin.getConfiguration(ConfigurationPids.SUPERVISOR, "?").getProperties().get("shutdown_timeout_ms"));

        // avahi's stop timeout changes, tinc goes, mdns comes; dbus is not touched.
        tree.file(tree.rc("avahi").resolve("timeout-kill"), "1000\n")
                .longrun("mdns", Tree.EXECLINE + "mdns\n").user("mdns");
        try (Stream<Path> tinc = Files.walk(tree.rc("tinc"))) {
            tinc.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
        ReloadPlan expected = new ReloadPlan(List.of("mdns"), List.of("avahi"), List.of("tinc"));
        assertEquals(expected, file.reread());
        assertEquals(List.of(), osgi.calls());
        assertEquals(expected, file.update(List.of()));
        assertEquals(List.of("remove tinc", "define avahi", "define mdns"), osgi.calls());
        assertEquals(Duration.ofSeconds(1), osgi.supervisor.defined().get("avahi").stopWait());

        assertEquals(new ReloadPlan(List.of(), List.of(), List.of()), file.update(List.of()));
        assertEquals(List.of(), osgi.calls(), "an unchanged tree touches nothing");
    }

    @Test
    void aBrokenTreeOnReloadChangesNothing() throws Exception {
        file.update(List.of());
        osgi.calls();
        tree.file(tree.rc("tinc").resolve("type"), "longrunn\n");
        SupervisorException e = assertThrows(SupervisorException.class, () -> file.update(List.of()));
        assertEquals(Fault.CANT_REREAD, e.fault());
        assertTrue(e.getMessage().startsWith(tree.rc("tinc").resolve("type") + ":1: type=longrunn"), e.getMessage());
        assertEquals(List.of(), osgi.calls());
    }

    @Test
    void theCmdIsDefinedOnceAndAReloadNeverRestartsIt() throws Exception {
        ConfigFile withCmd = new ConfigFile(osgi.admin, tree.overlay(), null, Fixtures::host, List.of("/app/main"));
        assertTrue(withCmd.update(List.of()).added().contains("cmd"));
        assertEquals(List.of(Dependency.parse("avahi:settled"), Dependency.parse("dbus:settled")),
                osgi.supervisor.defined().get("cmd").dependsOn());
        osgi.calls();
        tree.longrun("mdns", Tree.EXECLINE + "mdns\n").user("mdns");
        assertEquals(new ReloadPlan(List.of("mdns"), List.of(), List.of()), withCmd.update(List.of()));
        assertEquals(List.of("define mdns"), osgi.calls());
    }
}
