package dev.capstan.config.s6;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.capstan.api.Dependency;
import dev.capstan.api.FatalAction;
import dev.capstan.api.Probe;
import dev.capstan.api.RestartMode;
import dev.capstan.api.ServiceSpec;
import dev.capstan.api.ServiceType;
import dev.capstan.config.ConfigFileReader;
import dev.capstan.config.Fixtures;
import dev.capstan.config.spec.ConfigException;
import dev.capstan.config.spec.ConfigLimits;
import dev.capstan.config.spec.Host;
import dev.capstan.config.spec.ParsedConfigFile;
import dev.capstan.config.spec.ParsedService;
import dev.capstan.process.Signal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** s6-overlay trees built here, read by the fourth reader into the ServiceSpecs the engine runs. */
class S6TreeReaderTest {

    @TempDir
    Path dir;

    private Tree tree;
    private final Map<String, String> env = new HashMap<>(Fixtures.ENVIRONMENT);

    @BeforeEach
    void tree() {
        tree = new Tree(dir);
    }

    /** Where the reader finds execlineb: s6-overlay's place when the machine has it, else Debian's. */
    static String execlineb() {
        return Files.isExecutable(Path.of("/command/execlineb")) ? "/command/execlineb" : "/usr/bin/execlineb";
    }

    private ParsedConfigFile read() {
        return new ConfigFileReader(new Host(env, "testhost", Fixtures.users())).read(tree.overlay());
    }

    private Map<String, ServiceSpec> specs() {
        return read().services().stream().map(ParsedService::spec)
                .collect(Collectors.toMap(ServiceSpec::name, s -> s));
    }

    private static ServiceSpec spec(ParsedConfigFile config, String name) {
        return config.services().stream().map(ParsedService::spec).filter(s -> s.name().equals(name)).findFirst().orElseThrow();
    }

    private String error() {
        return assertThrows(ConfigException.class, this::read).getMessage();
    }

    @Test
    void aLongrunIsSupervisedAsS6SupervisesIt() {
        tree.longrun("web", Tree.EXECLINE + "python3 -m http.server 8080\n")
                .file(tree.rc("web").resolve("finish"), "#!/bin/sh\necho finished \"$@\"\n")
                .file(tree.rc("web").resolve("notification-fd"), "3\n")
                .file(tree.rc("web").resolve("timeout-up"), "2500\n")
                .file(tree.rc("web").resolve("timeout-kill"), "700\n")
                .file(tree.rc("web").resolve("timeout-finish"), "0\n")
                .file(tree.rc("web").resolve("down-signal"), "SIGINT\n")
                .user("web");
        ServiceSpec web = specs().get("web");
        Path run = tree.rc("web").resolve("run");
        assertEquals(List.of(execlineb(), "-P", run.toString(), "web"), web.command());
        assertEquals(tree.rc("web"), web.directory());
        assertEquals(ServiceType.LONGRUN, web.type());
        assertTrue(web.autostart());
        assertEquals(RestartMode.ALWAYS, web.restart());
        assertEquals(Integer.MAX_VALUE, web.startRetries());
        assertEquals(Duration.ofSeconds(1), web.backoffInitial());
        assertEquals(Duration.ofSeconds(1), web.backoffMax());
        assertEquals(0, web.restartLimit());
        assertEquals(new Probe.Notify(3), web.ready());
        assertEquals(Duration.ofMillis(2500), web.readyTimeout());
        assertEquals(Duration.ofMillis(700), web.stopWait());
        assertEquals(Signal.INT, web.stopSignal());
        // A finish that is not executable runs all the same: s6-rc-compile copies it with mode 0755.
        assertEquals(List.of("/bin/sh", tree.rc("web").resolve("finish").toString()), web.finish());
        assertEquals(Duration.ZERO, web.finishTimeout());
        assertTrue(web.environment().get("PATH").startsWith("/command:/usr/bin:/bin"), web.environment().toString());
    }

    @Test
    void defaultsAreS6OverlaysAndItsVariables() {
        tree.longrun("a", Tree.EXECLINE + "sleep 1000\n").user("a");
        ServiceSpec a = specs().get("a");
        assertNull(a.ready());
        assertNull(a.finish());
        assertEquals(Duration.ofSeconds(3), a.stopWait()); // S6_SERVICES_GRACETIME
        assertEquals(Signal.TERM, a.stopSignal());
        assertEquals(Map.of("shutdown_timeout_ms", 6000L), read().supervisor()); // grace + kill grace

        env.put("S6_SERVICES_GRACETIME", "1500");
        env.put("S6_KILL_GRACETIME", "500");
        env.put("S6_LOGGING", "1");
        env.put("S6_KILL_FINISH_MAXTIME", "lots");
        ParsedConfigFile config = read();
        assertEquals(Duration.ofMillis(1500), config.services().get(0).spec().stopWait());
        assertEquals(Map.of("shutdown_timeout_ms", 2000L), config.supervisor());
        List<String> warnings = config.warnings().messages();
        assertTrue(warnings.contains("environment: S6_KILL_FINISH_MAXTIME=lots: not a decimal number; s6-overlay's default 5000 applies"),
                warnings.toString());
        assertTrue(warnings.stream().anyMatch(w -> w.startsWith("environment: S6_LOGGING=1: not implemented by Capstan")),
                warnings.toString());
    }

    @Test
    void aOneshotRunsUpAndDownWithExeclineAndItsDependentsWaitUntilItIsDone() {
        tree.oneshot("init", "foreground { mkdir -p /run/app } echo ready\n")
                .file(tree.rc("init").resolve("down"), "rm -rf /run/app\n")
                .file(tree.rc("init").resolve("timeout-down"), "2000\n")
                .longrun("app", Tree.EXECLINE + "sleep 1000\n").dependsOn("app", "init", "base")
                .user("app");
        Map<String, ServiceSpec> specs = specs();
        ServiceSpec init = specs.get("init");
        assertEquals(ServiceType.ONESHOT, init.type());
        assertEquals(List.of(execlineb(), "-P", tree.rc("init").resolve("up").toString()), init.command());
        assertEquals(List.of(execlineb(), "-P", tree.rc("init").resolve("down").toString()), init.down());
        assertEquals(Duration.ofSeconds(2), init.downTimeout());
        assertEquals(0, init.startRetries());
        assertEquals(FatalAction.IGNORE, init.onFatal());
        // Not in user, but app needs it: s6-rc -u change top brings it up with app.
        assertTrue(init.autostart());
        assertEquals(List.of(Dependency.parse("init:done")), specs.get("app").dependsOn());
        assertEquals(List.of("init", "app"), read().services().stream().map(s -> s.spec().name()).toList());
    }

    @Test
    void bundlesExpandToWhatTheyHoldAndUserDecidesWhatStarts() {
        tree.longrun("dbus", Tree.EXECLINE + "dbus-daemon --system --nofork\n")
                .longrun("avahi", Tree.EXECLINE + "avahi-daemon\n").dependsOn("avahi", "dbus")
                .longrun("tinc", Tree.EXECLINE + "tincd -D\n")
                .longrun("watcher", Tree.EXECLINE + "watcher\n").dependsOn("watcher", "network")
                .bundle("network", "avahi", "dbus")
                .bundle("default", "network", "watcher")
                .user("default");
        Map<String, ServiceSpec> specs = specs();
        assertTrue(specs.get("dbus").autostart());
        assertTrue(specs.get("watcher").autostart());
        assertFalse(specs.get("tinc").autostart(), "on demand: in no bundle top reaches");
        assertEquals(List.of(Dependency.parse("avahi:ready"), Dependency.parse("dbus:ready")),
                specs.get("watcher").dependsOn());
        assertEquals(Set.of("dbus", "avahi", "tinc", "watcher"), specs.keySet(), "bundles are not services");
    }

    @Test
    void theDeprecatedUserBundleInS6RcDWinsAndIsSaidToBe() {
        tree.longrun("a", Tree.EXECLINE + "a\n").longrun("b", Tree.EXECLINE + "b\n")
                .bundle("user", "a").user("b");
        ParsedConfigFile config = read();
        Map<String, ServiceSpec> specs = config.services().stream().map(ParsedService::spec)
                .collect(Collectors.toMap(ServiceSpec::name, s -> s));
        assertTrue(specs.get("a").autostart());
        assertFalse(specs.get("b").autostart());
        assertTrue(config.warnings().messages().get(0).contains("user: defining user bundles in s6-rc.d is deprecated"),
                config.warnings().messages().toString());
    }

    @Test
    void aDependencyCycleIsOneClearErrorNamingTheCycleAndTheFile() {
        tree.longrun("a", Tree.EXECLINE + "a\n").dependsOn("a", "b")
                .longrun("b", Tree.EXECLINE + "b\n").dependsOn("b", "c")
                .longrun("c", Tree.EXECLINE + "c\n").dependsOn("c", "group")
                .bundle("group", "a")
                .user("a");
        assertEquals(tree.rc("a").resolve("dependencies.d/b") + ": dependency cycle: a -> b -> c -> (group) -> a", error());
    }

    @Test
    void aBundleThatHoldsItselfIsACycleToo() {
        tree.bundle("x", "y").bundle("y", "x").user("x");
        assertTrue(error().startsWith(tree.rc("y").resolve("contents.d/x") + ": x: bundle cycle: x -> y -> x"), error());
    }

    @Test
    void everyProblemOfTheTreeIsReportedAtOnceWithItsFileAndLine() {
        tree.file(tree.rc("typo").resolve("type"), "longrn\n")
                .file(tree.rc("untyped").resolve("run"), "#!/bin/sh\n")
                .longrun("slow", Tree.EXECLINE + "slow\n")
                .file(tree.rc("slow").resolve("timeout-kill"), "3s\n")
                .longrun("lost", Tree.EXECLINE + "lost\n").dependsOn("lost", "slwo")
                .file(tree.rc("odd").resolve("type"), "oneshot\n")
                .longrun("exotic", "#!/opt/nowhere/interp -x\n")
                .longrun("s6rc-mine", Tree.EXECLINE + "x\n")
                .longrun("base", Tree.EXECLINE + "x\n")
                .user("slow");
        String message = error();
        List<String> lines = List.of(message.split("\n"));
        assertEquals(8, lines.size(), message);
        for (String expected : List.of(
                tree.rc("typo").resolve("type") + ":1: type=longrn: expected longrun, oneshot or bundle",
                tree.rc("untyped").resolve("type") + ": type: missing: an s6-rc service says longrun, oneshot or bundle in its type file",
                tree.rc("slow").resolve("timeout-kill") + ":1: timeout-kill=3s: not an unsigned decimal number",
                tree.rc("lost").resolve("dependencies.d/slwo") + ": slwo: no service or bundle named slwo, did you mean slow?",
                tree.rc("odd").resolve("up") + ": up: missing: a oneshot needs an up file: the command line it runs",
                tree.rc("exotic").resolve("run") + ":1: #!/opt/nowhere/interp: no such interpreter, and no interp on PATH",
                tree.rc("s6rc-mine") + ": s6rc-mine: starts with a prefix s6-rc reserves (s6rc-, s6-rc-)",
                tree.rc("base") + ": base: defined by s6-overlay itself; choose another name")) {
            assertTrue(lines.contains(expected), "missing: " + expected + "\nin:\n" + message);
        }
    }

    @Test
    void theLegacyLayoutRunsInS6OverlaysOrder() {
        tree.longrun("api", Tree.EXECLINE + "api\n").user("api")
                .script(tree.etc("cont-init.d/10-config"), "#!/bin/sh\necho config\n")
                .script(tree.etc("cont-init.d/01-dirs"), "#!/bin/sh\nmkdir -p /run/x\n")
                .script(tree.etc("services.d/nginx/run"), Tree.EXECLINE + "nginx -g \"daemon off;\"\n")
                .script(tree.etc("services.d/nginx/finish"), "#!/bin/sh\nexit 0\n")
                .script(tree.etc("services.d/nginx/log/run"), Tree.EXECLINE + "s6-log n3 /var/log/nginx\n")
                .script(tree.etc("services.d/cron/run"), Tree.EXECLINE + "cron -f\n")
                .file(tree.etc("services.d/cron/down"), "")
                .script(tree.etc("cont-finish.d/00-flush"), "#!/bin/sh\nsync\n")
                .script(tree.etc("cont-finish.d/99-bye"), "#!/bin/sh\necho bye\n");
        Map<String, ServiceSpec> specs = specs();
        assertEquals(Set.of("api", "cont-init-01-dirs", "cont-init-10-config", "nginx", "nginx-log", "cron",
                "cont-finish-00-flush", "cont-finish-99-bye"), specs.keySet());

        ServiceSpec dirs = specs.get("cont-init-01-dirs");
        assertEquals(ServiceType.ONESHOT, dirs.type());
        assertEquals(List.of("/bin/sh", tree.etc("cont-init.d/01-dirs").toString()), dirs.command());
        assertEquals(256, dirs.exitCodes().size(), "s6-overlay runs the next script whatever this one exits with");
        assertEquals(List.of(Dependency.parse("cont-init-01-dirs:done")), specs.get("cont-init-10-config").dependsOn());

        // services.d starts after base (cont-init.d) and the user bundle, as legacy-services does.
        assertEquals(List.of(Dependency.parse("cont-init-01-dirs:done"), Dependency.parse("cont-init-10-config:done"),
                Dependency.parse("api:ready"), Dependency.parse("nginx-log:ready")), specs.get("nginx").dependsOn());
        assertTrue(specs.get("nginx").autostart());
        assertFalse(specs.get("cron").autostart(), "a down file: not started until asked");
        assertEquals("nginx-log", specs.get("nginx").producerFor());
        assertEquals(List.of(execlineb(), "-P", tree.etc("services.d/nginx/log/run").toString(), "log"),
                specs.get("nginx-log").command());

        ServiceSpec flush = specs.get("cont-finish-00-flush");
        assertEquals(List.of("/bin/sh", tree.etc("cont-finish.d/00-flush").toString()), flush.down());
        assertEquals(Duration.ofSeconds(5), flush.downTimeout()); // S6_KILL_FINISH_MAXTIME
        assertTrue(flush.autostart());
        assertTrue(flush.priority() > specs.get("cont-finish-99-bye").priority(), "00 stops, so runs, before 99");
        assertTrue(flush.priority() < specs.get("cont-init-01-dirs").priority(), "after every other service stopped");
        assertEquals(Map.of("shutdown_timeout_ms", 16000L), read().supervisor()); // 3 + 3 + 2 x 5
    }

    @Test
    void theLegacyDirectoriesAloneAreATreeToo() {
        tree.script(tree.etc("services.d/one/run"), "#!/bin/sh\nexec sleep 1000\n");
        for (Path given : List.of(tree.etc("services.d"), tree.root.resolve("etc"))) {
            ParsedConfigFile config = new ConfigFileReader(new Host(env, "h", Fixtures.users())).read(given);
            assertEquals(List.of("one"), config.services().stream().map(s -> s.spec().name()).toList());
        }
        ConfigException e = assertThrows(ConfigException.class,
                () -> new ConfigFileReader(Fixtures.host()).read(tree.root));
        assertTrue(e.getMessage().endsWith("not an s6-overlay tree: no s6-rc.d or user-bundles.d (give /etc/s6-overlay),"
                + " nor cont-init.d, services.d or cont-finish.d"), e.getMessage());
    }

    @Test
    void aFailingScriptStopsTheContainerWhenS6BehaviourIfStage2FailsSaysSo() {
        env.put("S6_BEHAVIOUR_IF_STAGE2_FAILS", "2");
        tree.oneshot("migrate", "/app/migrate\n").user("migrate")
                .script(tree.etc("cont-init.d/01-check"), "#!/bin/sh\ntest -d /data\n");
        Map<String, ServiceSpec> specs = specs();
        assertEquals(FatalAction.SHUTDOWN, specs.get("migrate").onFatal());
        assertEquals(FatalAction.SHUTDOWN, specs.get("cont-init-01-check").onFatal());
        assertEquals(Set.of(0), specs.get("cont-init-01-check").exitCodes());
    }

    @Test
    void aProducerDependsOnItsConsumerAndAPipelineNameIsABundle() {
        tree.longrun("app", Tree.EXECLINE + "app\n").file(tree.rc("app").resolve("producer-for"), "app-log\n")
                .longrun("app-log", Tree.EXECLINE + "s6-log /var/log/app\n")
                .file(tree.rc("app-log").resolve("consumer-for"), "app\n")
                .file(tree.rc("app-log").resolve("pipeline-name"), "app-pipeline\n")
                .user("app-pipeline");
        Map<String, ServiceSpec> specs = specs();
        assertEquals(List.of(Dependency.parse("app-log:ready")), specs.get("app").dependsOn());
        assertEquals("app-log", specs.get("app").producerFor());
        assertNull(specs.get("app-log").producerFor());
        assertTrue(specs.get("app").autostart());
        assertTrue(specs.get("app-log").autostart());
    }

    @Test
    void aProducerItsConsumerDoesNotNameIsAnError() {
        tree.longrun("app", Tree.EXECLINE + "app\n").file(tree.rc("app").resolve("producer-for"), "logger\n")
                .longrun("logger", Tree.EXECLINE + "s6-log /var/log/app\n").user("app");
        assertEquals(tree.rc("app").resolve("producer-for") + ":1: producer-for=logger: logger's consumer-for does not name app",
                error());
    }

    @Test
    void theCmdStartsAfterTopAndItsExitEndsTheContainer() {
        env.put("S6_CMD_ARG0", "/usr/bin/env TZ=UTC");
        env.put("S6_CMD_WAIT_FOR_SERVICES_MAXTIME", "4000");
        tree.oneshot("init", "true\n").user("init", "web")
                .longrun("web", Tree.EXECLINE + "web\n")
                .longrun("later", Tree.EXECLINE + "later\n")
                .script(tree.etc("services.d/legacy/run"), "#!/bin/sh\nexec sleep 1000\n");
        ParsedConfigFile config = new ConfigFileReader(new Host(env, "h", Fixtures.users()))
                .read(tree.overlay(), List.of("/app/main", "--port", "80"));
        ServiceSpec cmd = spec(config, "cmd");
        assertEquals(List.of("/usr/bin/env", "TZ=UTC", "/app/main", "--port", "80"), cmd.command());
        assertTrue(cmd.foreground());
        assertTrue(cmd.exitOnEnd());
        assertEquals(RestartMode.NEVER, cmd.restart());
        // Not services.d without S6_CMD_WAIT_FOR_SERVICES, not what top does not start.
        assertEquals(List.of(Dependency.parse("init:settled"), Dependency.parse("web:settled")), cmd.dependsOn());
        assertEquals(Duration.ofSeconds(4), cmd.dependsTimeout());
        assertEquals(FatalAction.IGNORE, cmd.onFatal());

        env.put("S6_CMD_WAIT_FOR_SERVICES", "1");
        env.put("S6_BEHAVIOUR_IF_STAGE2_FAILS", "2");
        config = new ConfigFileReader(new Host(env, "h", Fixtures.users())).read(tree.overlay(), List.of("/app/main"));
        cmd = spec(config, "cmd");
        assertTrue(cmd.dependsOn().contains(Dependency.parse("legacy:settled")), cmd.dependsOn().toString());
        assertEquals(FatalAction.SHUTDOWN, cmd.onFatal());
    }

    @Test
    void anIniFileTakesACmdToo() {
        Path conf = Fixtures.write(dir, "capstan.conf", "[program:db]\ncommand=/bin/db\n[program:manual]\ncommand=/bin/m\nautostart=false\n");
        ParsedConfigFile config = new ConfigFileReader(Fixtures.host()).read(conf, List.of("psql", "-c", "select 1"));
        ServiceSpec cmd = spec(config, "cmd");
        assertEquals(List.of("psql", "-c", "select 1"), cmd.command());
        assertEquals(List.of(Dependency.parse("db:settled")), cmd.dependsOn());
    }

    @Test
    void syncDisksSyncsAfterTheLastContFinishScript() {
        env.put("S6_SYNC_DISKS", "1");
        tree.script(tree.etc("cont-finish.d/00-flush"), "#!/bin/sh\necho flush\n");
        Map<String, ServiceSpec> specs = new S6TreeReader(new Host(env, "h", Fixtures.users()))
                .read(tree.etc("cont-finish.d")).services().stream().map(ParsedService::spec)
                .collect(Collectors.toMap(ServiceSpec::name, s -> s));
        ServiceSpec sync = specs.get("sync-disks");
        assertTrue(sync.down().get(0).endsWith("/sync"), sync.down().toString());
        assertTrue(sync.priority() < specs.get("cont-finish-00-flush").priority(), "it stops, so runs, last");
    }

    @Test
    void aTreeOfMoreServicesThanOneConfigurationHoldsIsRefused() {
        int half = ConfigLimits.MAX_SERVICES / 2;
        for (int i = 0; i <= half; i++) {
            tree.longrun("r" + i, Tree.EXECLINE + "sleep infinity\n");
            tree.script(tree.etc("services.d/s" + i + "/run"), "#!/bin/sh\nexec sleep infinity\n");
        }
        assertEquals(tree.overlay() + ": more than " + ConfigLimits.MAX_SERVICES + " services in one configuration;"
                + " Capstan defines no more (docs/configuration.md, Limits)", error());
    }
}
