package dev.capstan.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The meduza example (etc/meduza/capstan.conf: meduza's services as the bundles of services/)
 * as PID 1 of a new PID namespace: dbus-daemon and avahi-daemon run for real and become ready in
 * order, mihomo (not in Debian) is FATAL with "No such file or directory" while the rest keep
 * running, the watcher starts an on-demand service when its flag file appears, and SIGTERM to
 * PID 1 stops everything and exits 0.
 *
 * <p>As in a container, /run is Capstan's own (a tmpfs in the new mount namespace): nothing a
 * daemon leaves there, and no other Capstan's socket, is shared with the machine. The test
 * reaches the socket through {@code /proc/PID/root}.
 */
class MeduzaPid1IT {

    private static final String SOCKET = "run/meduza/capstan.sock";

    @BeforeAll
    static void needsRootUnshareAndTheDaemons() {
        assumeTrue(Procfs.isRoot(), "PID namespaces, /run/dbus and avahi need root");
        assumeTrue(Procfs.onPath("unshare"), "unshare (util-linux) is not installed");
        assumeTrue(Procfs.onPath("dbus-daemon") && Procfs.onPath("avahi-daemon"), "packages dbus and avahi-daemon");
    }

    @Test
    void theSeedsServicesRunAsBundles() throws Exception {
        Path flags = CapstanProcess.WORK.resolve("meduza-flags");
        Files.createDirectories(flags);
        try (var old = Files.list(flags)) {
            for (Path p : old.toList()) {
                Files.delete(p);
            }
        }
        // The watcher calls capstanctl from PATH and reads its flags where MEDUZA_FLAGS says.
        List<String> prefix = List.of("env", "PATH=" + CapstanProcess.DIST.resolve("bin") + ":" + System.getenv("PATH"),
                "MEDUZA_FLAGS=" + flags, "unshare", "--fork", "--pid", "--mount-proc",
                "sh", "-c", "mount -t tmpfs -o mode=0755 capstan-run /run && exec \"$0\" \"$@\"");
        Path conf = CapstanProcess.DIST.resolve("etc/meduza/capstan.conf");
        try (CapstanProcess c = CapstanProcess.start("meduza", prefix, "-c", conf.toString())) {
            c.awaitOutput(out -> out.contains("avahi: ready") && out.contains("mihomo: STARTING -> FATAL")
                    && out.contains("watcher: on-demand services follow"), Duration.ofSeconds(40), "meduza to settle");
            Capstanctl ctl = new Capstanctl(Path.of("/proc", Long.toString(Procfs.children(c.pid()).get(0)), "root", SOCKET));
            assertTrue(c.output().contains("as pid 1 (container init)"), c.output());
            String out = c.output();
            assertTrue(out.indexOf("dbus: ready") < out.indexOf("avahi: STOPPED -> STARTING"), "avahi waits for dbus:ready");

            String status = ctl.run("status").output();
            // Ready: the line ends with the uptime, as supervisorctl's does.
            assertLine(status, "dbus\\s+RUNNING\\s+pid \\d+, uptime \\d+:\\d\\d:\\d\\d");
            assertLine(status, "avahi\\s+RUNNING\\s+pid \\d+, uptime \\d+:\\d\\d:\\d\\d");
            assertLine(status, "dns-monitor\\s+RUNNING.*");
            assertLine(status, "watcher\\s+RUNNING.*");
            assertLine(status, "dbus-setup\\s+EXITED.*");
            assertLine(status, "mihomo\\s+FATAL\\s+spawn mihomo: No such file or directory.*");
            for (String onDemand : List.of("easytier", "tinc", "mosdns", "dnsmasq")) {
                assertLine(status, onDemand + "\\s+STOPPED.*");
            }
            String bundles = ctl.run("bundles").output();
            assertLine(bundles, "\\d+\\s+15\\s+dev\\.capstan\\.service\\.dbus \\S+\\s+ACTIVE\\s+dbus\\s+RUNNING");
            assertLine(bundles, "\\d+\\s+30\\s+dev\\.capstan\\.service\\.avahi \\S+\\s+ACTIVE\\s+avahi\\s+RUNNING");

            // On demand: a flag file makes the watcher start mosdns (not in Debian: it cannot run,
            // but it leaves STOPPED because the watcher asked); removing the flag is noticed too.
            Files.createFile(flags.resolve("mosdns"));
            c.awaitOutput(o -> o.contains("watcher: mosdns on") && o.contains("mosdns: STOPPED -> STARTING"),
                    Duration.ofSeconds(20), "the watcher to start mosdns");
            Files.delete(flags.resolve("mosdns"));
            c.awaitOutput(o -> o.contains("watcher: mosdns off"), Duration.ofSeconds(20), "the watcher to stop mosdns");

            long capstan = Procfs.children(c.pid()).get(0);
            List<Long> services = Procfs.children(capstan);
            Process kill = new ProcessBuilder("kill", "-TERM", Long.toString(capstan)).inheritIO().start();
            assertEquals(0, kill.waitFor());
            assertEquals(0, c.awaitExit(Duration.ofSeconds(20)), "exit code after SIGTERM to PID 1:\n" + c.output());
            for (long pid : services) {
                assertEquals(null, Procfs.state(pid), "service pid " + pid + " outlived Capstan");
            }
        }
    }

    private static void assertLine(String text, String regex) {
        assertTrue(text.lines().anyMatch(l -> l.strip().matches(regex)), "no line matching " + regex + " in:\n" + text);
    }
}
