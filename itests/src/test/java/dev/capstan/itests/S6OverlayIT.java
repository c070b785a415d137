package dev.capstan.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * s6-overlay trees run by the built distribution as a container's PID 1, with a /run of its own
 * ({@code unshare --fork --pid --mount-proc} and a tmpfs, as in a container): s6-rc's longruns,
 * oneshots, bundles, notification-fd, a producer/consumer pair and finish scripts, the legacy
 * cont-init.d with with-contenv, the CMD whose exit code becomes the container's, the exit code a
 * finish script writes, and the s6-rc, s6-svc and s6-svstat front-ends. Scripts say
 * {@code #!/command/execlineb -P} and Capstan finds Debian's execlineb (there is no /command here).
 */
class S6OverlayIT {
    /** PID 1 of new namespaces, with a /run of its own, and the distribution's bin/ on PATH (with-contenv, s6-rc). */
    private static final List<String> PID1 = List.of("env", "PATH=" + CapstanProcess.DIST.resolve("bin") + ":" + System.getenv("PATH"),
            "unshare", "--fork", "--pid", "--mount-proc",
            "sh", "-c", "mount -t tmpfs -o mode=0755 capstan-run /run && exec \"$0\" \"$@\"");

    @BeforeAll
    static void needsRootUnshareAndExecline() {
        assumeTrue(Procfs.isRoot(), "PID and mount namespaces need root");
        assumeTrue(Procfs.onPath("unshare"), "unshare (util-linux) is not installed");
        assumeTrue(Procfs.onPath("execlineb") && Procfs.onPath("s6-envdir"), "packages execline and s6");
    }

    @Test
    void aTreeRunsAsS6OverlayRunsItAndTheCmdsExitCodeIsTheContainers() throws Exception {
        S6Tree tree = new S6Tree("s6-tree");
        Path work = tree.root;
        Path socket = work.resolve("capstan.sock");
        Path done = work.resolve("done");
        tree.script(tree.etc("cont-init.d/10-contenv"), "#!/command/with-contenv sh\n"
                        + "with-contenv env | sort > " + work.resolve("with-contenv.env") + "\n"
                        + "execlineb -Pc 'emptyenv -p s6-envdir -Lf /run/s6/container_environment env' | sort > "
                        + work.resolve("s6-envdir.env") + "\n")
                .oneshot("init", "foreground { mkdir -p /run/app } touch /run/app/initialised\n").dependsOn("init", "base")
                .longrun("app", "#!/bin/sh\ntest -f /run/app/initialised || exit 9\necho app up\necho >&3\nexec sleep 1000\n")
                .file(tree.rc("app").resolve("notification-fd"), "3\n").dependsOn("app", "init")
                .longrun("crash", "#!/bin/sh\nsleep 0.2\nexit 3\n")
                .script(tree.rc("crash").resolve("finish"), "#!/bin/sh\necho \"$1 $2 $3\" >> " + work.resolve("finish.log")
                        + "\n[ $(wc -l < " + work.resolve("finish.log") + ") -ge 3 ] && exit 125\nexit 0\n")
                .longrun("producer", "#!/command/execlineb -P\nforx -o 0 i { 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 }\n  importas -u i i\n  foreground { echo line ${i} }\n  sleep 0.1\n")
                .file(tree.rc("producer").resolve("producer-for"), "consumer\n")
                .longrun("consumer", "#!/bin/sh\nwhile read -r line; do echo \"got $line\" >> " + work.resolve("pipe.log") + "; done\n")
                .file(tree.rc("consumer").resolve("consumer-for"), "producer\n")
                .file(tree.rc("consumer").resolve("pipeline-name"), "logged\n")
                .longrun("ondemand", "#!/command/execlineb -P\nsleep 1000\n")
                .bundle("everything", "app", "crash", "logged")
                .user("everything");

        List<String> cmd = List.of("sh", "-c", "echo exitcode $(cat /run/s6-linux-init-container-results/exitcode); echo cmd starts; "
                + "while [ ! -f " + done + " ]; do sleep 0.1; done; exit 7");
        List<String> args = new ArrayList<>(List.of("-c", tree.overlay().toString(), "--socket", socket.toString(), "--"));
        args.addAll(cmd);
        try (CapstanProcess c = CapstanProcess.start("s6-tree", PID1, args.toArray(new String[0]))) {
            c.awaitOutput(out -> out.contains("cmd starts"), Duration.ofSeconds(40), "the CMD to start");
            String out = c.output();
            assertTrue(out.contains("as pid 1 (container init)"), out);
            assertTrue(out.indexOf("app: ready") < out.indexOf("cmd starts"), "the CMD waits for top:\n" + out);
            assertTrue(out.contains("exitcode 0\n"), "the exit code file holds 0 at boot:\n" + out);
            Capstanctl ctl = new Capstanctl(socket);
            assertTrue(ctl.status("init").matches("init\\s+EXITED.*"), ctl.status("init"));
            assertTrue(ctl.status("app").matches("app\\s+RUNNING\\s+pid \\d+, uptime [\\d:]+"), ctl.status("app")); // ready: nothing follows

            // The container environment, as with-contenv gives it and as s6-overlay's own chain does.
            assertEquals(Files.readString(work.resolve("s6-envdir.env")), Files.readString(work.resolve("with-contenv.env")));
            assertTrue(Files.readString(work.resolve("with-contenv.env")).contains("PATH="));

            // crash: restarted after each exit until its finish says 125.
            awaitFile(work.resolve("finish.log"), 3);
            awaitStatus(ctl, "crash", "crash\\s+EXITED.*");
            assertEquals(List.of("3 0 crash", "3 0 crash", "3 0 crash"), Files.readAllLines(work.resolve("finish.log")));

            // producer | consumer: every line got through the pipe.
            awaitFile(work.resolve("pipe.log"), 9);
            assertEquals("got line 1", Files.readAllLines(work.resolve("pipe.log")).get(0));

            // The front-ends, as scripts call them.
            Map<String, String> env = Map.of("CAPSTAN_SOCKET", socket.toString(), "CAPSTAN_S6_TREE", tree.overlay().toString());
            List<String> active = List.of(front(env, "s6-rc", "-a", "list").output().split("\n"));
            assertTrue(active.containsAll(List.of("init", "app", "producer", "consumer", "cont-init-10-contenv")), active.toString());
            assertFalse(active.contains("ondemand"), active.toString());
            assertEquals(List.of("app", "crash", "consumer", "producer"),
                    List.of(front(env, "s6-rc", "list", "everything").output().split("\n")));
            assertEquals(0, front(env, "s6-rc", "-u", "change", "ondemand").exit());
            assertTrue(ctl.status("ondemand").matches("ondemand\\s+RUNNING.*"), ctl.status("ondemand"));
            String svstat = front(env, "s6-svstat", "/run/service/ondemand").output().strip();
            assertTrue(svstat.matches("up \\(pid (\\d+) pgid \\1\\) \\d+ seconds, normally down, ready \\d+ seconds"), svstat);
            assertEquals("true false true", front(env, "s6-svstat", "-o", "up,normallyup,ready", "/run/service/ondemand")
                    .output().strip());
            assertEquals(0, front(env, "s6-svc", "-d", "/run/service/ondemand").exit());
            assertTrue(front(env, "s6-svstat", "/run/service/ondemand").output().startsWith("down (signal SIGTERM) "));
            assertEquals(0, front(env, "s6-rc", "-d", "stop", "app").exit());
            assertTrue(ctl.status("app").matches("app\\s+STOPPED.*"), ctl.status("app"));
            assertEquals(3, front(env, "s6-rc", "-u", "change", "nosuch").exit());
            assertEquals(102, front(env, "s6-svc", "-u", "/run/service/nosuch").exit());

            Files.createFile(done);
            assertEquals(7, c.awaitExit(Duration.ofSeconds(20)), "the CMD's exit code:\n" + c.output());
        }
    }

    @Test
    void theContainerExitsWithWhatAFinishScriptWroteWhenItIsStopped() throws Exception {
        S6Tree tree = new S6Tree("s6-finish-exitcode");
        // s6-overlay's README recipe for a supervised main service.
        tree.longrun("main", "#!/command/execlineb -P\nforeground { echo main up } sleep 1000\n")
                .script(tree.rc("main").resolve("finish"), "#!/bin/sh\n"
                        + "if test \"$1\" -eq 256 ; then e=$((128 + $2)) ; else e=\"$1\" ; fi\n"
                        + "echo \"$e\" > /run/s6-linux-init-container-results/exitcode\n")
                .user("main");
        try (CapstanProcess c = CapstanProcess.start("s6-finish-exitcode", PID1, "-c", tree.overlay().toString(),
                "--socket", tree.root.resolve("capstan.sock").toString())) {
            c.awaitOutput(out -> out.contains("main up"), Duration.ofSeconds(30), "main to start");
            long pid1 = Procfs.children(c.pid()).get(0);
            Process kill = new ProcessBuilder("kill", "-TERM", Long.toString(pid1)).inheritIO().start();
            assertEquals(0, kill.waitFor());
            // sleep has no TERM handler: killed by SIGTERM, the finish writes 128 + 15.
            assertEquals(143, c.awaitExit(Duration.ofSeconds(20)), c.output());
        }
    }

    @Test
    void aDependencyCycleIsRefusedNamingTheCycleAndTheFile() throws Exception {
        S6Tree tree = new S6Tree("s6-cycle");
        tree.longrun("a", "#!/command/execlineb -P\nsleep 1000\n").dependsOn("a", "b")
                .longrun("b", "#!/command/execlineb -P\nsleep 1000\n").dependsOn("b", "a")
                .user("a");
        try (CapstanProcess c = CapstanProcess.start("s6-cycle", PID1, "-c", tree.overlay().toString(),
                "--socket", tree.root.resolve("capstan.sock").toString())) {
            assertEquals(2, c.awaitExit(Duration.ofSeconds(30)), c.output());
            assertTrue(c.output().contains(tree.rc("a").resolve("dependencies.d/b") + ": dependency cycle: a -> b -> a"),
                    c.output());
        }
    }

    /** Runs one of the distribution's s6 front-ends. */
    private static Capstanctl.Result front(Map<String, String> env, String... argv) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(CapstanProcess.DIST.resolve("bin").resolve(argv[0]).toString()));
        cmd.addAll(List.of(argv).subList(1, argv.length));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", argv) + " did not finish");
        }
        return new Capstanctl.Result(p.exitValue(), out);
    }

    private static void awaitFile(Path file, int lines) throws Exception {
        long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!Files.exists(file) || Files.readAllLines(file).size() < lines) {
            if (System.nanoTime() > end) {
                throw new AssertionError(file + ": not " + lines + " lines within 30 s: "
                        + (Files.exists(file) ? Files.readAllLines(file) : "missing"));
            }
            Thread.sleep(50);
        }
    }

    private static void awaitStatus(Capstanctl ctl, String name, String regex) throws Exception {
        long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        String status = ctl.status(name);
        while (!status.matches(regex)) {
            if (System.nanoTime() > end) {
                throw new AssertionError(name + ": status " + status + " does not match " + regex);
            }
            Thread.sleep(100);
            status = ctl.status(name);
        }
    }
}
