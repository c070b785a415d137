package dev.capstan.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The meduza example as s6-overlay would have it (etc/meduza/s6-overlay) run unchanged by Capstan
 * as PID 1 with a /run of its own: dbus (readiness on notification-fd 3) and avahi (on dbus) run
 * for real, in order; the seed's checklist, {@code s6-rc -a list}, names the default bundle's
 * services; the watcher switches an on-demand service with {@code s6-rc -u change} and
 * {@code s6-rc -d change}; SIGTERM to PID 1 stops everything and exits 0.
 */
class MeduzaS6Pid1IT {

    @BeforeAll
    static void needsRootUnshareExeclineAndTheDaemons() {
        assumeTrue(Procfs.isRoot(), "PID namespaces, /run/dbus and avahi need root");
        assumeTrue(Procfs.onPath("unshare") && Procfs.onPath("execlineb"), "util-linux and execline");
        assumeTrue(Procfs.onPath("dbus-daemon") && Procfs.onPath("avahi-daemon"), "packages dbus and avahi-daemon");
    }

    @Test
    void theSeedsS6TreeRunsUnchanged() throws Exception {
        S6Tree work = new S6Tree("meduza-s6");
        Path flags = work.root.resolve("flags");
        Files.createDirectories(flags);
        Path socket = work.root.resolve("capstan.sock");
        Path tree = CapstanProcess.DIST.resolve("etc/meduza/s6-overlay");
        // The watcher finds s6-rc on PATH; Capstan's socket is where CAPSTAN_SOCKET says.
        List<String> prefix = List.of("env", "PATH=" + CapstanProcess.DIST.resolve("bin") + ":" + System.getenv("PATH"),
                "MEDUZA_FLAGS=" + flags, "CAPSTAN_SOCKET=" + socket, "unshare", "--fork", "--pid", "--mount-proc",
                "sh", "-c", "mount -t tmpfs -o mode=0755 capstan-run /run && exec \"$0\" \"$@\"");
        try (CapstanProcess c = CapstanProcess.start("meduza-s6", prefix, "-c", tree.toString(), "--socket", socket.toString())) {
            c.awaitOutput(out -> out.contains("avahi: STARTING -> RUNNING")
                    && out.contains("watcher: on-demand services follow"), Duration.ofSeconds(40), "meduza to settle");
            String out = c.output();
            assertTrue(out.contains("as pid 1 (container init)"), out);
            assertTrue(out.indexOf("dbus: ready") < out.indexOf("avahi: STOPPED -> STARTING"), "avahi waits for dbus");

            List<String> active = List.of(frontEnd(socket, tree, "s6-rc", "-a", "list").split("\n"));
            assertTrue(active.containsAll(List.of("dbus", "avahi", "watchfrr", "watcher", "mihomo", "dns-monitor")),
                    "the seed's checklist: " + active);
            for (String onDemand : List.of("easytier", "tinc", "mosdns", "dnsmasq")) {
                assertTrue(!active.contains(onDemand), onDemand + " is on demand: " + active);
            }

            Files.createFile(flags.resolve("tinc"));
            c.awaitOutput(o -> o.contains("watcher: tinc on") && o.contains("tinc: STOPPED -> STARTING"),
                    Duration.ofSeconds(20), "the watcher to start tinc with s6-rc");
            Files.delete(flags.resolve("tinc"));
            c.awaitOutput(o -> o.contains("watcher: tinc off"), Duration.ofSeconds(20), "the watcher to stop tinc");

            long capstan = Procfs.children(c.pid()).get(0);
            assertEquals(0, new ProcessBuilder("kill", "-TERM", Long.toString(capstan)).inheritIO().start().waitFor());
            assertEquals(0, c.awaitExit(Duration.ofSeconds(30)), "exit code after SIGTERM to PID 1:\n" + c.output());
        }
    }

    private static String frontEnd(Path socket, Path tree, String... argv) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(CapstanProcess.DIST.resolve("bin").resolve(argv[0]).toString(), argv[1], argv[2])
                .redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.environment().put("CAPSTAN_SOCKET", socket.toString());
        pb.environment().put("CAPSTAN_S6_TREE", tree.toString());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), String.join(" ", argv) + " did not finish");
        return out.strip();
    }
}
