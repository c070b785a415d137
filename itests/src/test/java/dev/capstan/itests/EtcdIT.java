package dev.capstan.itests;

import static dev.capstan.itests.Fleet.awaitStatus;
import static dev.capstan.itests.Fleet.count;
import static dev.capstan.itests.Fleet.pid;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.capstan.etcd.EtcdServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The etcd source end to end (docs/fleet.md): the built distribution against a real etcd that
 * each test starts on free loopback ports with its own data directory and stops by pid, driven
 * with etcdctl exactly as the seed's checklist drives its watcher.
 */
class EtcdIT {

    private static final Path WORK = CapstanProcess.WORK.resolve("etcd");
    private static final String PROGRAMS = "[program:web]\ncommand = sleep 1000\n\n"
            + "[program:easytier]\ncommand = sleep 1001\nautostart = false\n";

    @BeforeAll
    static void needsEtcd() {
        assumeTrue(EtcdServer.installed(), "needs etcd and etcdctl (Debian etcd-server, etcd-client)");
    }

    private static Path dir(String test) throws Exception {
        Path dir = WORK.resolve(test);
        if (Files.exists(dir)) {
            try (var walk = Files.walk(dir)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        return Files.createDirectories(dir);
    }

    @Test
    void enableCommitDisableAndDefinitionsAddedChangedDeletedOrBroken() throws Exception {
        Path dir = dir("commit");
        try (EtcdServer etcd = EtcdServer.start(dir);
                CapstanProcess c = Fleet.start(dir.resolve("n1"), "n1", PROGRAMS,
                        "endpoints = " + etcd.endpoint() + "\ncommit_key = /commit\n")) {
            Capstanctl ctl = Fleet.ctl(dir.resolve("n1"));
            c.awaitOutput(o -> o.contains("etcd: connected to " + etcd.endpoint()), Duration.ofSeconds(30), "the source to connect");
            int web = pid(awaitStatus(ctl, "web", "RUNNING.*"));

            // The seed's checklist: the key, then the commit.
            etcd.ctl("put", "/nodes/n1/easytier/enable", "true");
            assertTrue(ctl.status("easytier").matches("easytier\\s+STOPPED.*"), "a key alone applies nothing");
            long commit = etcd.put("/commit", "1765000000");
            awaitStatus(ctl, "easytier", "RUNNING.*");
            c.awaitOutput(o -> o.contains("etcd: applied revision " + commit + ": on [easytier]"), Duration.ofSeconds(10), "the apply");
            Capstanctl.Result shown = ctl.run("etcd");
            assertEquals(0, shown.exit(), shown.output());
            assertTrue(shown.output().contains("endpoint    " + etcd.endpoint() + " (connected since "), shown.output());
            assertTrue(shown.output().contains("keys        /nodes/n1/, applied when /commit is written"), shown.output());
            assertTrue(shown.output().matches("(?s).*last apply  \\S+ \\S+, revision " + commit + ": on \\[easytier\\].*"), shown.output());

            etcd.ctl("put", "/nodes/n1/easytier/enable", "false");
            etcd.put("/commit", "1765000001");
            awaitStatus(ctl, "easytier", "STOPPED.*");

            // A definition: added, changed, deleted; INI or YAML.
            etcd.ctl("put", "/nodes/n1/services/api", "[program:api]\ncommand = sleep 1002\n");
            etcd.ctl("put", "/nodes/n1/services/cache", "services:\n  - name: cache\n    exec: [sleep, \"1003\"]\n");
            etcd.put("/commit", "1765000002");
            int api = pid(awaitStatus(ctl, "api", "RUNNING.*"));
            awaitStatus(ctl, "cache", "RUNNING.*");
            assertTrue(c.output().contains("api: defined (etcd /nodes/n1/services/api:1)"), "the key is its origin");
            etcd.ctl("put", "/nodes/n1/services/api", "[program:api]\ncommand = sleep 1004\n");
            etcd.put("/commit", "1765000003");
            awaitStatus(ctl, "api", "RUNNING.*");
            int cache = pid(ctl.status("cache"));
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (pid(ctl.status("api")) == api && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertNotEquals(api, pid(awaitStatus(ctl, "api", "RUNNING.*")), "a changed definition restarts its service");
            assertEquals(cache, pid(ctl.status("cache")), "an unchanged one is not touched");
            etcd.ctl("del", "/nodes/n1/services/api");
            etcd.put("/commit", "1765000004");
            c.awaitOutput(o -> o.contains("api: removed"), Duration.ofSeconds(20), "a deleted key to remove its service");
            assertFalse(ctl.run("status").output().contains("api "), "api is gone");

            // A broken definition: the commit changes nothing, the error names the key.
            etcd.ctl("put", "/nodes/n1/services/bad", "[program:bad]\ncommand = sleep 1005\nstartsecs = abc\n");
            etcd.ctl("put", "/nodes/n1/web/enable", "false");
            long broken = etcd.put("/commit", "1765000005");
            c.awaitOutput(o -> o.contains("etcd /nodes/n1/services/bad:3: startsecs=abc: not a number"), Duration.ofSeconds(20),
                    "the broken definition to be reported");
            assertTrue(c.output().contains("etcd: revision " + broken + " not applied, nothing changed"));
            assertEquals(web, pid(ctl.status("web")), "web's switch was not applied either");
            Capstanctl.Result refused = ctl.run("etcd");
            assertEquals(3, refused.exit(), refused.output());
            assertTrue(refused.output().contains("refused, nothing changed:\n  etcd /nodes/n1/services/bad:3: startsecs=abc: not a number"),
                    refused.output());

            etcd.ctl("del", "/nodes/n1/services/bad");
            etcd.put("/commit", "1765000006");
            awaitStatus(ctl, "web", "STOPPED.*");
            assertEquals(0, ctl.run("etcd").exit());

            c.signal("TERM");
            assertEquals(0, c.awaitExit(Duration.ofSeconds(20)));
        }
    }

    @Test
    void withoutACommitKeyEachChangeAppliesAsItComes() throws Exception {
        Path dir = dir("live");
        try (EtcdServer etcd = EtcdServer.start(dir);
                CapstanProcess c = Fleet.start(dir.resolve("n1"), "n1", PROGRAMS, "endpoints = " + etcd.endpoint() + "\n")) {
            Capstanctl ctl = Fleet.ctl(dir.resolve("n1"));
            c.awaitOutput(o -> o.contains("etcd: connected to"), Duration.ofSeconds(30), "the source to connect");
            etcd.ctl("put", "/nodes/n1/easytier/enable", "true");
            awaitStatus(ctl, "easytier", "RUNNING.*");
            etcd.ctl("put", "/nodes/n1/services/api", "[program:api]\ncommand = sleep 1002\n");
            awaitStatus(ctl, "api", "RUNNING.*");
            etcd.ctl("del", "/nodes/n1/easytier/enable");
            awaitStatus(ctl, "easytier", "STOPPED.*"); // back to its own autostart = false
            assertTrue(ctl.run("etcd").output().contains("keys        /nodes/n1/, applied as they change"));
        }
    }

    /**
     * etcd stops while Capstan runs: nothing stops, one line says so however often it retries;
     * what is committed before Capstan is back is applied once, by the watch replaying it.
     */
    @Test
    void etcdAwayStopsNothingAndWhatWasCommittedMeanwhileAppliesOnce() throws Exception {
        Path dir = dir("away");
        try (EtcdServer etcd = EtcdServer.start(dir);
                CapstanProcess c = Fleet.start(dir.resolve("n1"), "n1", PROGRAMS,
                        "endpoints = " + etcd.endpoint() + "\ncommit_key = /commit\n")) {
            Capstanctl ctl = Fleet.ctl(dir.resolve("n1"));
            c.awaitOutput(o -> o.contains("etcd: connected to"), Duration.ofSeconds(30), "the source to connect");
            int web = pid(awaitStatus(ctl, "web", "RUNNING.*"));

            etcd.stop();
            c.awaitOutput(o -> o.contains("etcd: lost " + etcd.endpoint()), Duration.ofSeconds(20), "the lost connection");
            Thread.sleep(8000); // tries after 1, 2 and 4 s, each refused
            Capstanctl.Result away = ctl.run("etcd");
            assertEquals(3, away.exit());
            assertTrue(away.output().contains("(unreachable since"), away.output());
            assertEquals(1, count(c.output(), "etcd: lost "), "one line for the lost connection, none per try:\n" + c.output());
            assertEquals(web, pid(ctl.status("web")), "etcd away stops nothing");

            etcd.restart(); // Capstan's next try is up to 8 s away: the commit comes first
            etcd.ctl("put", "/nodes/n1/easytier/enable", "true");
            long commit = etcd.put("/commit", "1765000007");
            awaitStatus(ctl, "easytier", "RUNNING.*");
            c.awaitOutput(o -> o.contains("etcd: connected to " + etcd.endpoint() + " after "), Duration.ofSeconds(40), "back");
            Thread.sleep(1000);
            String out = c.output();
            assertEquals(1, count(out, "etcd: applied revision " + commit + ": on [easytier]"), out);
            assertEquals(1, count(out, "easytier: STOPPED -> STARTING"), "started once:\n" + out);
            assertEquals(web, pid(ctl.status("web")));
        }
    }

    /**
     * The watch's next revision was compacted while Capstan was cut off (a proxy between them is
     * stopped): it reads the keys again and applies the commit it missed.
     */
    @Test
    void aCompactionPastTheWatchReadsTheKeysAgain() throws Exception {
        assumeTrue(Procfs.onPath("socat"), "socat (the cut in the line)");
        Path dir = dir("compaction");
        try (EtcdServer etcd = EtcdServer.start(dir)) {
            int port = freePort();
            String target = etcd.endpoint().substring("http://".length());
            Process proxy = socat(port, target);
            try (CapstanProcess c = Fleet.start(dir.resolve("n1"), "n1", PROGRAMS,
                    "endpoints = http://127.0.0.1:" + port + "\ncommit_key = /commit\n")) {
                Capstanctl ctl = Fleet.ctl(dir.resolve("n1"));
                c.awaitOutput(o -> o.contains("etcd: connected to"), Duration.ofSeconds(30), "the source to connect");
                stop(proxy);
                c.awaitOutput(o -> o.contains("etcd: lost"), Duration.ofSeconds(20), "the cut");
                etcd.ctl("put", "/nodes/n1/easytier/enable", "true");
                etcd.put("/commit", "1765000008");
                for (int i = 0; i < 5; i++) {
                    etcd.put("/elsewhere/k", Integer.toString(i));
                }
                etcd.ctl("compact", Long.toString(etcd.revision()));
                proxy = socat(port, target);
                c.awaitOutput(o -> o.contains("was compacted"), Duration.ofSeconds(40), "the compaction to be seen");
                awaitStatus(ctl, "easytier", "RUNNING.*");
                assertEquals(1, count(c.output(), "easytier: STOPPED -> STARTING"));
            } finally {
                stop(proxy);
            }
        }
    }

    /** Three members on loopback; the one Capstan reads is killed; it goes on with the next. */
    @Test
    void aClusterMemberKilledFailsOverToTheNext() throws Exception {
        Path dir = dir("cluster");
        List<EtcdServer> members = EtcdServer.cluster(dir, 3);
        try (CapstanProcess c = Fleet.start(dir.resolve("n1"), "n1", PROGRAMS, "endpoints = " + members.get(0).endpoint()
                + ", " + members.get(1).endpoint() + ", " + members.get(2).endpoint() + "\ncommit_key = /commit\n")) {
            Capstanctl ctl = Fleet.ctl(dir.resolve("n1"));
            c.awaitOutput(o -> o.contains("etcd: connected to " + members.get(0).endpoint()), Duration.ofSeconds(30), "m0");
            int web = pid(awaitStatus(ctl, "web", "RUNNING.*"));
            members.get(0).kill();
            c.awaitOutput(o -> o.contains("etcd: lost " + members.get(0).endpoint()) && count(o, "etcd: connected to ") == 2,
                    Duration.ofSeconds(60), "the failover to another member");
            afterElection(members.get(2), "put", "/nodes/n1/easytier/enable", "true");
            afterElection(members.get(2), "put", "/commit", "1765000009");
            awaitStatus(ctl, "easytier", "RUNNING.*");
            assertEquals(web, pid(ctl.status("web")));
            String shown = ctl.run("etcd").output();
            assertTrue(shown.startsWith("endpoint    " + members.get(1).endpoint() + " (connected")
                    || shown.startsWith("endpoint    " + members.get(2).endpoint() + " (connected"), shown);
        } finally {
            for (EtcdServer m : members) {
                m.close();
            }
        }
    }

    /** One etcd, three nodes: each Capstan runs its own services and follows its own switches. */
    @Test
    void threeNodesEachRunOnlyTheirOwnServices() throws Exception {
        Path dir = dir("nodes");
        try (EtcdServer etcd = EtcdServer.start(dir)) {
            for (String node : List.of("n1", "n2", "n3")) {
                etcd.ctl("put", "/nodes/" + node + "/services/app-" + node, "[program:app-" + node + "]\ncommand = sleep 1006\n");
            }
            etcd.ctl("put", "/nodes/n2/easytier/enable", "true");
            etcd.ctl("put", "/nodes/n3/web/enable", "false");
            etcd.put("/commit", "1765000010");
            List<CapstanProcess> capstans = new ArrayList<>();
            try {
                for (String node : List.of("n1", "n2", "n3")) {
                    capstans.add(Fleet.start(dir.resolve(node), node, PROGRAMS,
                            "endpoints = " + etcd.endpoint() + "\ncommit_key = /commit\n"));
                }
                for (String node : List.of("n1", "n2", "n3")) {
                    Capstanctl ctl = Fleet.ctl(dir.resolve(node));
                    awaitStatus(ctl, "app-" + node, "RUNNING.*");
                    awaitStatus(ctl, "easytier", node.equals("n2") ? "RUNNING.*" : "STOPPED.*");
                    awaitStatus(ctl, "web", node.equals("n3") ? "STOPPED.*" : "RUNNING.*");
                    String status = ctl.run("status").output();
                    for (String other : List.of("n1", "n2", "n3")) {
                        assertEquals(other.equals(node), status.contains("app-" + other + " "), node + ":\n" + status);
                    }
                }
            } finally {
                capstans.forEach(CapstanProcess::close);
            }
        }
    }

    /**
     * A service's hook runs before it starts when its keys changed, with where its keys are in
     * the environment, and not again while they stay; a changed key reruns it and restarts the
     * service; a failing hook keeps it from starting.
     */
    @Test
    void aHookRunsBeforeTheServiceStartsWhenItsKeysChanged() throws Exception {
        Path dir = dir("hook");
        Path conf = dir.resolve("easytier.conf");
        try (EtcdServer etcd = EtcdServer.start(dir);
                CapstanProcess c = Fleet.start(dir.resolve("n1"), "n1",
                        "[program:easytier]\ncommand = sh -c 'cat " + conf + "; exec sleep 1001'\nautostart = false\n",
                        "endpoints = " + etcd.endpoint() + "\ncommit_key = /commit\n")) {
            Capstanctl ctl = Fleet.ctl(dir.resolve("n1"));
            c.awaitOutput(o -> o.contains("etcd: connected to"), Duration.ofSeconds(30), "the source to connect");
            etcd.ctl("put", "/nodes/n1/easytier/network", "mesh-a");
            etcd.ctl("put", "/nodes/n1/easytier/hook", "echo generating; etcdctl get --print-value-only --rev \"$CAPSTAN_ETCD_REVISION\" "
                    + "\"${CAPSTAN_ETCD_PREFIX}network\" > " + conf);
            etcd.ctl("put", "/nodes/n1/easytier/enable", "true");
            etcd.put("/commit", "1");
            int first = pid(awaitStatus(ctl, "easytier", "RUNNING.*"));
            String out = c.awaitOutput(o -> o.contains("easytier | mesh-a"), Duration.ofSeconds(20), "the generated file read");
            assertTrue(out.indexOf("easytier hook: generating") < out.indexOf("easytier: STOPPED -> STARTING"), out);

            etcd.put("/commit", "2");
            etcd.ctl("put", "/nodes/n1/easytier/network", "mesh-b");
            etcd.put("/commit", "3");
            c.awaitOutput(o -> o.contains("easytier | mesh-b"), Duration.ofSeconds(20), "the hook run again and easytier restarted");
            assertNotEquals(first, pid(awaitStatus(ctl, "easytier", "RUNNING.*")));
            assertEquals(2, count(c.output(), "easytier hook: generating"), "not for the commit that changed nothing");

            etcd.ctl("put", "/nodes/n1/easytier/hook", "echo broken; exit 3");
            etcd.ctl("put", "/nodes/n1/easytier/enable", "false");
            etcd.put("/commit", "4");
            awaitStatus(ctl, "easytier", "STOPPED.*");
            etcd.ctl("put", "/nodes/n1/easytier/enable", "true");
            etcd.put("/commit", "5");
            c.awaitOutput(o -> o.contains("etcd /nodes/n1/easytier/hook: exit 3; easytier is not started"), Duration.ofSeconds(20),
                    "the failed hook");
            assertTrue(ctl.status("easytier").matches("easytier\\s+STOPPED.*"), "not started after a failed hook");
        }
    }

    private static Process socat(int port, String target) throws Exception {
        Process p = new ProcessBuilder("socat", "TCP-LISTEN:" + port + ",bind=127.0.0.1,reuseaddr,fork", "TCP:" + target)
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
                return p;
            } catch (java.io.IOException notYet) {
                Thread.sleep(50);
            }
        }
        p.destroyForcibly();
        throw new AssertionError("socat did not listen on " + port);
    }

    /** etcdctl once the cluster has a leader again: a write before that times out in etcd. */
    private static void afterElection(EtcdServer member, String... args) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            try {
                member.ctl(args);
                return;
            } catch (AssertionError timedOut) {
                if (System.nanoTime() > deadline) {
                    throw timedOut;
                }
                Thread.sleep(500);
            }
        }
    }

    /**
     * socat and the children it forked for each connection, which would keep the connections
     * open: stopped first, so that it forks no child between the look at its children and its end.
     */
    private static void stop(Process proxy) throws Exception {
        new ProcessBuilder("kill", "-STOP", Long.toString(proxy.pid())).start().waitFor();
        proxy.descendants().forEach(ProcessHandle::destroyForcibly);
        proxy.destroyForcibly();
        proxy.waitFor();
    }

    private static int freePort() throws Exception {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
