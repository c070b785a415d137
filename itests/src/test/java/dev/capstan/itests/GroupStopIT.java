package dev.capstan.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Stopping a shell wrapper whose two workers take a second over their SIGTERM, the same file
 * through the real supervisord 4.2.5 and through Capstan. With {@code stopasgroup}, supervisord
 * lets the workers finish (it stops when the wrapper exits and leaves them be), and so does
 * Capstan, whose stop also waits until they have. Without it, supervisord never signals the
 * workers and leaves them running; Capstan gives them the stop signal once the wrapper is gone,
 * and they finish too.
 */
class GroupStopIT {
    private static final Path DIR = CapstanProcess.WORK.resolve("group-stop");

    @Test
    void withStopasgroupTheWorkersFinishTheirStopAsUnderSupervisord() throws Exception {
        Outcome supervisord = supervisord("supervisord-group", true);
        Outcome capstan = capstan("capstan-group", true);
        assertEquals(List.of("done", "done"), supervisord.done(), "supervisord: the workers finished their stop");
        assertEquals(supervisord.done(), capstan.doneWhenStopReturned(), "Capstan: the same, before its stop returned");
        assertEquals(0, supervisord.workersLeft());
        assertEquals(0, capstan.workersLeft());
    }

    @Test
    void withoutStopasgroupCapstanStillStopsTheWorkersWhereSupervisordLeavesThem() throws Exception {
        Outcome supervisord = supervisord("supervisord-main", false);
        Outcome capstan = capstan("capstan-main", false);
        assertEquals(List.of(), supervisord.done(), "supervisord never signals the workers");
        assertEquals(2, supervisord.workersLeft(), "supervisord leaves them running");
        assertEquals(List.of("done", "done"), capstan.doneWhenStopReturned(), "Capstan: they got SIGTERM and finished");
        assertEquals(0, capstan.workersLeft());
    }

    /**
     * @param done                 what the workers wrote once they were gone (or 10 s passed)
     * @param doneWhenStopReturned what they had written when {@code stop} returned
     * @param workersLeft          workers still running then, killed afterwards
     */
    private record Outcome(List<String> done, List<String> doneWhenStopReturned, int workersLeft) {
    }

    private static Path conf(String name, boolean stopAsGroup) throws IOException {
        Path dir = DIR.resolve(name);
        Files.createDirectories(dir);
        Files.deleteIfExists(dir.resolve("done"));
        Path worker = dir.resolve("worker.sh");
        Files.writeString(worker, "trap 'sleep 1; echo done >> \"$1\"; exit 0' TERM\nwhile :; do sleep 0.1; done\n");
        Path wrapper = dir.resolve("wrapper.sh");
        Files.writeString(wrapper, "for i in 1 2; do /bin/sh " + worker + " \"$1\" & done\nwait\n");
        Path conf = dir.resolve("supervisord.conf");
        Files.writeString(conf, "[unix_http_server]\nfile = " + dir.resolve("sock") + "\n\n"
                + "[supervisord]\nlogfile = " + dir.resolve("supervisord.log") + "\npidfile = " + dir.resolve("pid")
                + "\nnodaemon = true\n\n"
                + "[rpcinterface:supervisor]\nsupervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface\n\n"
                + "[supervisorctl]\nserverurl = unix://" + dir.resolve("sock") + "\n\n"
                + "[program:wrapper]\ncommand = /bin/sh " + wrapper + " " + dir.resolve("done") + "\n"
                + "startsecs = 1\nstopwaitsecs = 5\nstopasgroup = " + stopAsGroup + "\n");
        return conf;
    }

    private static Outcome supervisord(String name, boolean stopAsGroup) throws Exception {
        Path conf = conf(name, stopAsGroup);
        Process p = new ProcessBuilder("/usr/bin/supervisord", "-n", "-c", conf.toString())
                .redirectErrorStream(true).redirectOutput(conf.resolveSibling("stdout").toFile()).start();
        try {
            awaitRunning(() -> run("/usr/bin/supervisorctl", "-c", conf.toString(), "status", "wrapper"));
            run("/usr/bin/supervisorctl", "-c", conf.toString(), "stop", "wrapper");
            return outcome(conf.getParent());
        } finally {
            p.destroy();
            p.waitFor(10, TimeUnit.SECONDS);
            killWorkers(conf.getParent());
        }
    }

    private static Outcome capstan(String name, boolean stopAsGroup) throws Exception {
        Path conf = conf(name, stopAsGroup);
        Capstanctl ctl = new Capstanctl(conf.resolveSibling("sock"));
        try (CapstanProcess c = CapstanProcess.start(name, List.of(), "-c", conf.toString())) {
            awaitRunning(() -> ctl.status("wrapper"));
            assertTrue(ctl.run("stop", "wrapper").output().contains("wrapper: stopped"));
            List<String> atStop = done(conf.getParent());
            Outcome o = outcome(conf.getParent());
            c.signal("TERM");
            c.awaitExit(Duration.ofSeconds(15));
            return new Outcome(o.done(), atStop, o.workersLeft());
        } finally {
            killWorkers(conf.getParent());
        }
    }

    private interface Status {
        String get() throws Exception;
    }

    private static void awaitRunning(Status status) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        String s = "";
        while (System.nanoTime() < deadline) {
            s = status.get();
            if (s.contains("RUNNING")) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("wrapper not RUNNING: " + s);
    }

    /** Waits until the workers are gone (10 s at most), then says what they wrote and who is left. */
    private static Outcome outcome(Path dir) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!workers(dir).isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        return new Outcome(done(dir), null, workers(dir).size());
    }

    private static List<String> done(Path dir) throws IOException {
        Path mark = dir.resolve("done");
        return Files.exists(mark) ? Files.readAllLines(mark) : List.of();
    }

    /** The worker shells of this directory still running. */
    private static List<Long> workers(Path dir) throws IOException {
        String worker = "/bin/sh " + dir.resolve("worker.sh");
        List<Long> out = new ArrayList<>();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path p : procs.filter(x -> x.getFileName().toString().matches("\\d+")).toList()) {
                long pid = Long.parseLong(p.getFileName().toString());
                if (Procfs.cmdline(pid).startsWith(worker) && !"Z".equals(Procfs.state(pid))) {
                    out.add(pid);
                }
            }
        }
        return out;
    }

    private static void killWorkers(Path dir) throws IOException {
        for (long pid : workers(dir)) {
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    private static String run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        p.waitFor(30, TimeUnit.SECONDS);
        return out;
    }
}
