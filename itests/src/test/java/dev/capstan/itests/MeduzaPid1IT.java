package dev.capstan.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.capstan.etcd.EtcdServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The meduza example (etc/meduza/capstan.conf: meduza's services as the bundles of services/)
 * as PID 1 of a new PID namespace: dbus-daemon and avahi-daemon run for real and become ready in
 * order, mihomo (not in Debian) is FATAL with "No such file or directory" while the rest keep
 * running, an on-demand service follows its etcd key and the commit as the seed's checklist
 * writes them (a real etcd the test starts), and SIGTERM to PID 1 stops everything and exits 0.
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
        assumeTrue(EtcdServer.installed(), "packages etcd-server and etcd-client");
    }

    @Test
    void theSeedsServicesRunAsBundles() throws Exception {
        Path work = CapstanProcess.WORK.resolve("meduza-etcd");
        if (Files.exists(work)) {
            try (var old = Files.walk(work)) {
                old.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        try (EtcdServer etcd = EtcdServer.start(Files.createDirectories(work))) {
            meduza(etcd);
        }
    }

    private void meduza(EtcdServer etcd) throws Exception {
        // The container's environment, as the seed's containers have it: etcd and the node id.
        List<String> prefix = List.of("env", "PATH=" + CapstanProcess.DIST.resolve("bin") + ":" + System.getenv("PATH"),
                "ETCD_ENDPOINTS=" + etcd.endpoint(), "NODE_ID=meduza-1", "unshare", "--fork", "--pid", "--mount-proc",
                "sh", "-c", "mount -t tmpfs -o mode=0755 capstan-run /run && exec \"$0\" \"$@\"");
        Path conf = CapstanProcess.DIST.resolve("etc/meduza/capstan.conf");
        try (CapstanProcess c = CapstanProcess.start("meduza", prefix, "-c", conf.toString())) {
            c.awaitOutput(out -> out.contains("avahi: ready") && out.contains("mihomo: BACKOFF -> FATAL")
                    && out.contains("etcd: connected to " + etcd.endpoint()), Duration.ofSeconds(40), "meduza to settle");
            Path socket = Path.of("/proc", Long.toString(Procfs.children(c.pid()).get(0)), "root", SOCKET);
            Capstanctl ctl = new Capstanctl(socket);
            assertTrue(c.output().contains("as pid 1 (container init)"), c.output());
            String out = c.output();
            assertTrue(out.indexOf("dbus: ready") < out.indexOf("avahi: STOPPED -> STARTING"), "avahi waits for dbus:ready");

            // etcd's first apply may come after mihomo's FATAL and start it once more (an apply
            // turns on what etcd says is on): it is FATAL again a few tens of ms later.
            String status = statusOnceSettled(ctl, "mihomo\\s+FATAL\\s+spawn mihomo: No such file or directory.*");
            // Ready: the line ends with the uptime, as supervisorctl's does.
            assertLine(status, "dbus\\s+RUNNING\\s+pid \\d+, uptime \\d+:\\d\\d:\\d\\d");
            assertLine(status, "avahi\\s+RUNNING\\s+pid \\d+, uptime \\d+:\\d\\d:\\d\\d");
            assertLine(status, "dns-monitor\\s+RUNNING.*");
            assertLine(status, "dbus-setup\\s+EXITED.*");
            assertLine(status, "mihomo\\s+FATAL\\s+spawn mihomo: No such file or directory.*");
            for (String onDemand : List.of("easytier", "tinc", "mosdns", "dnsmasq")) {
                assertLine(status, onDemand + "\\s+STOPPED.*");
            }
            String bundles = ctl.run("bundles").output();
            assertLine(bundles, "\\d+\\s+15\\s+dev\\.capstan\\.service\\.dbus \\S+\\s+ACTIVE\\s+dbus\\s+RUNNING");
            assertLine(bundles, "\\d+\\s+30\\s+dev\\.capstan\\.service\\.avahi \\S+\\s+ACTIVE\\s+avahi\\s+RUNNING");

            // On demand, as the seed's checklist does it: the key, then the commit. mosdns is not
            // in Debian: it cannot run, but it leaves STOPPED because etcd asked.
            etcd.ctl("put", "/nodes/meduza-1/mosdns/enable", "true");
            long commit = etcd.put("/commit", "1765000000");
            c.awaitOutput(o -> o.contains("etcd: applied revision " + commit + ": on [mosdns]")
                    && o.contains("mosdns: STOPPED -> STARTING"), Duration.ofSeconds(20), "etcd to turn mosdns on");
            Capstanctl.Result shown = ctl.run("etcd");
            assertTrue(shown.output().contains("keys        /nodes/meduza-1/, applied when /commit is written"), shown.output());

            // A service a bundle defines to start, off and on again; s6-rc's list shows it.
            assertTrue(s6rcList(socket).contains("dns-monitor"));
            etcd.ctl("put", "/nodes/meduza-1/dns-monitor/enable", "false");
            etcd.put("/commit", "1765000001");
            c.awaitOutput(o -> o.contains("dns-monitor: STOPPING -> STOPPED"), Duration.ofSeconds(20), "etcd to stop dns-monitor");
            assertFalse(s6rcList(socket).contains("dns-monitor"));
            etcd.ctl("put", "/nodes/meduza-1/dns-monitor/enable", "true");
            etcd.put("/commit", "1765000002");
            c.awaitOutput(o -> o.indexOf("dns-monitor: STARTING -> RUNNING", o.indexOf("dns-monitor: STOPPING -> STOPPED")) > 0,
                    Duration.ofSeconds(20), "etcd to start dns-monitor again");
            assertTrue(s6rcList(socket).lines().anyMatch(l -> l.equals("dns-monitor")));

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

    /** {@code s6-rc -a list}: the distribution's front-end, on Capstan's socket. */
    private static String s6rcList(Path socket) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(CapstanProcess.DIST.resolve("bin/s6-rc").toString(), "-a", "list").redirectErrorStream(true);
        pb.environment().put("CAPSTAN_SOCKET", socket.toString());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        return out;
    }

    /** The status table once a line of it matches {@code regex}, or the last one after 10 s. */
    private static String statusOnceSettled(Capstanctl ctl, String regex) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        String status = ctl.run("status").output();
        while (status.lines().noneMatch(l -> l.strip().matches(regex)) && System.nanoTime() < deadline) {
            Thread.sleep(100);
            status = ctl.run("status").output();
        }
        return status;
    }

    private static void assertLine(String text, String regex) {
        assertTrue(text.lines().anyMatch(l -> l.strip().matches(regex)), "no line matching " + regex + " in:\n" + text);
    }
}
