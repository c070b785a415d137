package dev.capstan.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The same service directory run by Debian's s6 (s6-svscan, s6-supervise) and by Capstan (as
 * /etc/services.d of a tree): what runs, in what order, what its finish script is given, when it
 * stops being restarted (finish exit 125), and what s6-svstat says at the end must be the same.
 * Timing is not compared (that is bench/'s): s6 waits a second between spawns, Capstan backs off.
 */
class S6CompareIT {

    @BeforeAll
    static void needsS6RootAndUnshare() {
        assumeTrue(Procfs.onPath("s6-svscan") && Procfs.onPath("s6-svstat"), "package s6");
        assumeTrue(Procfs.isRoot() && Procfs.onPath("unshare"), "Capstan runs as PID 1 with a /run of its own");
    }

    /** run: counts its runs, exits 3 twice, then kills itself; finish: logs its arguments, exits 125 after a signal. */
    private static void service(Path dir, Path log, Path count) throws Exception {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("run"), "#!/bin/sh\n"
                + "n=$(cat " + count + " 2>/dev/null || echo 0); n=$((n+1)); echo $n > " + count + "\n"
                + "echo \"run $n $1\" >> " + log + "\n"
                + "sleep 0.3\n"
                + "[ $n -lt 3 ] && exit 3\n"
                + "kill -9 $$\n");
        Files.writeString(dir.resolve("finish"), "#!/bin/sh\n"
                + "echo \"finish $1 $2 $3\" >> " + log + "\n"
                + "[ \"$1\" = 256 ] && exit 125\n"
                + "exit 0\n");
        for (String script : List.of("run", "finish")) {
            dir.resolve(script).toFile().setExecutable(true, false);
        }
    }

    @Test
    void restartsFinishArgumentsAndStatusAreS6s() throws Exception {
        S6Tree s6 = new S6Tree("compare-s6");
        service(s6.root.resolve("scan/svc"), s6.root.resolve("log"), s6.root.resolve("count"));
        Process svscan = new ProcessBuilder("s6-svscan", s6.root.resolve("scan").toString()).redirectErrorStream(true)
                .redirectOutput(s6.root.resolve("svscan.out").toFile()).start();
        List<String> s6Log;
        String s6Status;
        String s6Fields;
        try {
            s6Log = settledLog(s6.root.resolve("log"));
            s6Status = run(List.of("s6-svstat", s6.root.resolve("scan/svc").toString()));
            s6Fields = run(List.of("s6-svstat", "-o", "up,wantedup,normallyup,ready,exitcode,signal,signum",
                    s6.root.resolve("scan/svc").toString()));
        } finally {
            run(List.of("s6-svscanctl", "-t", s6.root.resolve("scan").toString()));
            if (!svscan.waitFor(10, TimeUnit.SECONDS)) {
                svscan.destroyForcibly();
            }
        }

        S6Tree capstan = new S6Tree("compare-capstan");
        service(capstan.etc("services.d/svc"), capstan.root.resolve("log"), capstan.root.resolve("count"));
        Path socket = capstan.root.resolve("capstan.sock");
        List<String> pid1 = List.of("unshare", "--fork", "--pid", "--mount-proc",
                "sh", "-c", "mount -t tmpfs -o mode=0755 capstan-run /run && exec \"$0\" \"$@\"");
        try (CapstanProcess c = CapstanProcess.start("compare-capstan", pid1, "-c", capstan.etc("services.d").toString(),
                "--socket", socket.toString())) {
            List<String> capstanLog = settledLog(capstan.root.resolve("log"));
            String svstat = CapstanProcess.DIST.resolve("bin/s6-svstat").toString();
            String capstanStatus = run(List.of("env", "CAPSTAN_SOCKET=" + socket, svstat, "/run/service/svc"));
            String capstanFields = run(List.of("env", "CAPSTAN_SOCKET=" + socket, svstat, "-o",
                    "up,wantedup,normallyup,ready,exitcode,signal,signum", "/run/service/svc"));

            assertEquals(List.of("run 1 svc", "finish 3 0 svc", "run 2 svc", "finish 3 0 svc", "run 3 svc",
                    "finish 256 9 svc"), s6Log, "s6's own sequence");
            assertEquals(s6Log, capstanLog);
            assertEquals(seconds(s6Status), seconds(capstanStatus));
            assertEquals(s6Fields, capstanFields);
            long capstanPid = Procfs.children(c.pid()).get(0);
            assertEquals(0, new ProcessBuilder("kill", "-TERM", Long.toString(capstanPid)).inheritIO().start().waitFor());
            assertEquals(0, c.awaitExit(Duration.ofSeconds(20)), c.output());
        }
    }

    /**
     * The log once six lines are there and nothing more came for two seconds: s6 would have
     * restarted by then (a second between spawns), Capstan too (its backoff here is one second).
     * A finish gets a fourth argument, the process group, from s6 2.13 on and from Capstan: only
     * the three that Debian's s6 2.11 gives are logged.
     */
    private static List<String> settledLog(Path log) throws Exception {
        long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!Files.exists(log) || Files.readAllLines(log).size() < 6) {
            if (System.nanoTime() > end) {
                throw new AssertionError(log + " did not reach six lines");
            }
            Thread.sleep(50);
        }
        Thread.sleep(2000);
        return Files.readAllLines(log, StandardCharsets.UTF_8);
    }

    private static String seconds(String svstat) {
        return svstat.strip().replaceAll("\\d+ seconds", "N seconds");
    }

    private static String run(List<String> cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(cmd + " did not finish");
        }
        return out.strip();
    }
}
