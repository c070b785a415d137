package dev.capstan.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What scripts parse is supervisorctl's, byte for byte: the same file runs under real supervisord
 * (Debian's, started here and stopped by pid) and under the distribution, and supervisorctl and
 * capstanctl must print the same {@code status} and {@code avail} lines with the same exit
 * codes. Only what differs between any two runs is masked: pids, uptimes and stop times.
 */
class SupervisorctlAgreesIT {
    private static final Path DIR = CapstanProcess.WORK.resolve("supervisorctl-agrees");
    private static final Path SUPERVISORD = Path.of("/usr/bin/supervisord");
    private static final Path SUPERVISORCTL = Path.of("/usr/bin/supervisorctl");

    /** Both read this file, each in its own directory so that sockets and logs do not meet. */
    private static final String CONF = String.join("\n",
            "[unix_http_server]",
            "file=%(here)s/control.sock",
            "[supervisord]",
            "nodaemon=true",
            "logfile=%(here)s/supervisord.log",
            "pidfile=%(here)s/supervisord.pid",
            "childlogdir=%(here)s",
            "[rpcinterface:supervisor]",
            "supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface",
            "[supervisorctl]",
            "serverurl=unix://%(here)s/control.sock",
            "[program:web]",
            "command=sleep 1000",
            "[program:manual]",
            "command=sleep 1000",
            "autostart=false",
            "[program:broken]",
            "command=sh -c 'exit 3'",
            "startretries=0",
            "[program:once]",
            "command=true",
            "startsecs=0",
            "autorestart=false",
            "[program:worker]",
            "command=sleep 1000",
            "numprocs=2",
            "process_name=%(program_name)s_%(process_num)02d",
            "[group:backend]",
            "programs=api",
            "[program:api]",
            "command=sleep 1000",
            "priority=10",
            "");

    private static Process supervisord;
    private static CapstanProcess capstan;

    record Result(int exit, String output) {
    }

    @BeforeAll
    static void startBoth() throws Exception {
        assumeTrue(Files.isExecutable(SUPERVISORD) && Files.isExecutable(SUPERVISORCTL), "supervisor is not installed");
        Path sv = Files.createDirectories(DIR.resolve("supervisord"));
        Path cap = Files.createDirectories(DIR.resolve("capstan"));
        Files.writeString(sv.resolve("supervisord.conf"), CONF);
        Files.writeString(cap.resolve("supervisord.conf"), CONF);
        supervisord = new ProcessBuilder(SUPERVISORD.toString(), "-c", sv.resolve("supervisord.conf").toString())
                .redirectErrorStream(true).redirectOutput(DIR.resolve("supervisord.out").toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        capstan = CapstanProcess.start("supervisorctl-agrees", List.of(), "-c", cap.resolve("supervisord.conf").toString());
        settled(DIR.resolve("supervisord"), SupervisorctlAgreesIT::supervisorctl);
        settled(DIR.resolve("capstan"), SupervisorctlAgreesIT::capstanctl);
    }

    @AfterAll
    static void stopBoth() throws Exception {
        if (supervisord != null) {
            new ProcessBuilder("kill", "-TERM", Long.toString(supervisord.pid())).inheritIO().start().waitFor();
            if (!supervisord.waitFor(30, TimeUnit.SECONDS)) {
                supervisord.destroyForcibly();
            }
        }
        if (capstan != null) {
            capstan.signal("TERM");
            capstan.awaitExit(Duration.ofSeconds(30));
            capstan.close();
        }
    }

    interface Ctl {
        Result run(String... args) throws Exception;
    }

    /** Waits until every service has left STARTING and BACKOFF: web and the workers up, broken FATAL, once EXITED. */
    private static void settled(Path dir, Ctl ctl) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        String out = "";
        while (System.nanoTime() < deadline) {
            out = ctl.run("status").output();
            if (out.contains("FATAL") && out.contains("EXITED") && out.contains("worker_01")
                    && !out.contains("STARTING") && !out.contains("BACKOFF")) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError(dir + " did not settle:\n" + out);
    }

    @Test
    void statusLinesAndExitCodesAreSupervisorctls() throws Exception {
        for (List<String> args : List.of(List.of("status"), List.of("status", "web"), List.of("status", "backend:*"),
                List.of("status", "worker:worker_01", "once"), List.of("status", "nosuch"))) {
            String[] a = args.toArray(String[]::new);
            Result theirs = supervisorctl(a);
            Result ours = capstanctl(a);
            assertEquals(masked(theirs), masked(ours), String.join(" ", args));
        }
    }

    @Test
    void aReadyServiceLineIsTheSame() throws Exception {
        String theirs = supervisorctl("status", "web").output();
        String ours = capstanctl("status", "web").output();
        assertTrue(ours.matches("web {30}RUNNING   pid \\d+, uptime \\d+:\\d\\d:\\d\\d\n"), ours);
        assertEquals(theirs.replaceAll("\\d+", "N"), ours.replaceAll("\\d+", "N"));
    }

    @Test
    void availIsSupervisorctls() throws Exception {
        assertEquals(supervisorctl("avail"), capstanctl("avail"));
    }

    @Test
    void versionIsOneVersionLine() throws Exception {
        for (Result r : List.of(supervisorctl("version"), capstanctl("version"))) {
            assertEquals(0, r.exit(), r.output());
            assertTrue(r.output().matches("\\d+\\.\\d+\\.\\d+\\S*\n"), r.output());
        }
    }

    /** The output with what differs from run to run masked: pids, uptimes, stop times. */
    private static Result masked(Result r) {
        String out = r.output()
                .replaceAll("pid \\d+, uptime \\d+:\\d\\d:\\d\\d", "pid PID, uptime UPTIME")
                .replaceAll("[A-Z][a-z]{2} \\d\\d \\d\\d:\\d\\d [AP]M", "DATE");
        return new Result(r.exit(), out);
    }

    private static Result supervisorctl(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(SUPERVISORCTL.toString(), "-c",
                DIR.resolve("supervisord/supervisord.conf").toString()));
        cmd.addAll(List.of(args));
        return run(cmd);
    }

    private static Result capstanctl(String... args) throws Exception {
        Capstanctl.Result r = new Capstanctl(DIR.resolve("capstan/control.sock")).run(args);
        return new Result(r.exit(), r.output());
    }

    private static Result run(List<String> cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(cmd + " did not finish");
        }
        return new Result(p.exitValue(), out);
    }
}
