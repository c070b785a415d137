package dev.capstan.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.capstan.api.ServiceSpec;
import dev.capstan.api.ServiceState;
import dev.capstan.api.ServiceStatus;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatusTextTest {
    private static final Instant NOW = Instant.parse("2026-11-22T15:30:00Z");

    @Test
    void uptimeReadsLikePythonsTimedelta() {
        assertEquals("0:00:00", StatusText.uptime(Duration.ZERO));
        assertEquals("0:01:02", StatusText.uptime(Duration.ofSeconds(62)));
        assertEquals("1 day, 1:02:03", StatusText.uptime(Duration.ofSeconds(86_400 + 3723)));
        assertEquals("3 days, 0:00:05", StatusText.uptime(Duration.ofDays(3).plusSeconds(5)));
        assertEquals("0:00:00", StatusText.uptime(Duration.ofSeconds(-5)), "a clock set back");
    }

    @Test
    void tableLinesAreSupervisorctls() {
        List<String> lines = StatusText.table(List.of(
                status("web", ServiceState.RUNNING, 123, NOW.minusSeconds(62), true, ""),
                status("api", ServiceState.RUNNING, 124, NOW.minusSeconds(5), false, "waiting for readiness (tcp:127.0.0.1:80)"),
                status("db", ServiceState.STOPPED, 0, null, false, ""),
                status("cron", ServiceState.EXITED, 0, Instant.parse("2026-11-22T03:10:00Z"), false, ""),
                status("broken", ServiceState.FATAL, 0, null, false,
                        "Exited too quickly (process log may have details); exit status 3; gave up after 4 attempts"),
                status("missing", ServiceState.BACKOFF, 0, null, false,
                        "spawn /bin/nope: No such file or directory; retry 1 of 3 in 1 s"),
                status("flaky", ServiceState.BACKOFF, 0, null, false, ""),
                status("worker", ServiceState.STARTING, 0, null, false, "waiting for db to be ready")),
                NOW, ZoneOffset.UTC);
        assertEquals(List.of(
                "web                              RUNNING   pid 123, uptime 0:01:02",
                "api                              RUNNING   pid 124, uptime 0:00:05, not ready: waiting for readiness (tcp:127.0.0.1:80)",
                "db                               STOPPED   Not started",
                "cron                             EXITED    Nov 22 03:11 AM",
                "broken                           FATAL     Exited too quickly (process log may have details)",
                "missing                          BACKOFF   spawn /bin/nope: No such file or directory",
                "flaky                            BACKOFF   unknown error (try \"tail flaky\")",
                "worker                           STARTING  waiting for db to be ready"), lines);
    }

    @Test
    void aLongNameWidensTheNameColumn() {
        String name = "a-service-with-a-rather-long-name-indeed";
        List<String> lines = StatusText.table(List.of(
                status(name, ServiceState.STOPPED, 0, null, false, ""),
                status("web", ServiceState.STOPPED, 0, null, false, "")), NOW, ZoneOffset.UTC);
        assertEquals(name + "   STOPPED   Not started", lines.get(0));
        assertEquals("web" + " ".repeat(name.length()) + "STOPPED   Not started", lines.get(1));
    }

    @Test
    void columnizeLaysOutSupervisorctlsHelpAsPythonsCmdDoes() {
        List<String> commands = List.of("add", "avail", "clear", "exit", "fg", "maintail", "open", "pid", "quit",
                "reload", "remove", "reread", "restart", "shutdown", "signal", "start", "status", "stop", "tail",
                "update", "version");
        assertEquals(List.of(
                "add    exit      open  reload  restart   start   tail   ",
                "avail  fg        pid   remove  shutdown  status  update ",
                "clear  maintail  quit  reread  signal    stop    version"), HelpText.columnize(commands, 79));
    }

    static ServiceStatus status(String name, ServiceState state, int pid, Instant started, boolean ready, String why) {
        ServiceSpec spec = ServiceSpec.builder(name, List.of("/bin/true")).build();
        Instant since = state == ServiceState.RUNNING ? started : started != null ? started.plusSeconds(60) : NOW;
        return new ServiceStatus(spec, "test", state, pid, since, started, ready, null, 0, why, 0, 0);
    }
}
