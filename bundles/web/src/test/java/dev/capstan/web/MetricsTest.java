package dev.capstan.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.capstan.api.ServiceSpec;
import dev.capstan.api.ServiceState;
import dev.capstan.api.ServiceStatus;
import dev.capstan.api.ServiceType;
import dev.capstan.process.ExitStatus;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The exposition, checked by Prometheus's own promtool and line by line. */
class MetricsTest {
    private static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");

    static ServiceStatus status(ServiceSpec spec, ServiceState state, int pid, Instant started, boolean ready,
            ExitStatus exit, String why, int restarts, int spawnFailures) {
        return new ServiceStatus(spec, "/etc/capstan/capstan.conf:3", state, pid, NOW, started, ready, exit, 0, why,
                restarts, spawnFailures);
    }

    static ServiceSpec.Builder spec(String name) {
        return ServiceSpec.builder(name, List.of("sleep", "infinity"));
    }

    private static final List<ServiceStatus> SERVICES = List.of(
            status(spec("web").build(), ServiceState.RUNNING, 101, NOW.minusMillis(62_250), true, null, "", 2, 0),
            status(spec("worker_00").group("worker").build(), ServiceState.STARTING, 102, NOW.minusMillis(300), false,
                    ExitStatus.killed(9, false), "", 1, 0),
            status(spec("migrate").type(ServiceType.ONESHOT).build(), ServiceState.EXITED, 0, NOW.minusSeconds(30), true,
                    ExitStatus.exited(0), "", 0, 0),
            status(spec("broken").build(), ServiceState.BACKOFF, 0, null, false, null,
                    "spawn /nonexistent: No such file or directory", 0, 3),
            status(spec("flaky").build(), ServiceState.FATAL, 0, NOW.minusSeconds(5), false, ExitStatus.exited(3),
                    "exited too quickly", 9, 0));

    private static String scrape() {
        return Metrics.write(SERVICES, NOW, new ProcessSelf(12_340, 60 << 20, 1 << 30, 31, 57, 1024), 42, null,
                NOW.minusSeconds(3600), "0.1.0");
    }

    @Test
    void promtoolFindsNothingToComplainAbout() throws Exception {
        Process promtool = new ProcessBuilder("promtool", "check", "metrics").redirectErrorStream(true).start();
        try (OutputStream in = promtool.getOutputStream()) {
            in.write(scrape().getBytes(StandardCharsets.UTF_8));
        }
        String out = new String(promtool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(promtool.waitFor(30, TimeUnit.SECONDS), "promtool finished");
        assertEquals("", out.strip());
        assertEquals(0, promtool.exitValue());
    }

    @Test
    void nodeExportersFamiliesMeanWhatTheyMeanThere() {
        List<String> lines = scrape().lines().toList();
        // up: a process exists (STARTING, RUNNING, STOPPING); BACKOFF has none.
        assertTrue(lines.contains("node_supervisord_up{name=\"web\",group=\"web\"} 1"));
        assertTrue(lines.contains("node_supervisord_up{name=\"worker_00\",group=\"worker\"} 1"));
        assertTrue(lines.contains("node_supervisord_up{name=\"broken\",group=\"broken\"} 0"));
        assertTrue(lines.contains("node_supervisord_state{name=\"broken\",group=\"broken\"} 30"));
        assertTrue(lines.contains("node_supervisord_state{name=\"flaky\",group=\"flaky\"} 200"));
        assertTrue(lines.contains("node_supervisord_exit_status{name=\"worker_00\",group=\"worker\"} 137"), "128 + SIGKILL");
        assertTrue(lines.contains("node_supervisord_exit_status{name=\"flaky\",group=\"flaky\"} 3"));
        assertTrue(lines.contains("node_supervisord_exit_status{name=\"web\",group=\"web\"} 0"), "none yet");
        assertTrue(lines.contains("node_supervisord_start_time_seconds{name=\"web\",group=\"web\"} "
                + (NOW.getEpochSecond() - 63) + ".750"));
        assertFalse(lines.stream().anyMatch(l -> l.startsWith("node_supervisord_start_time_seconds{name=\"flaky\"")),
                "a start time only while up");
        assertTrue(lines.contains("node_supervisord_uptime{name=\"web\",group=\"web\"} 62.250"));
        assertTrue(lines.contains("node_supervisord_uptime{name=\"flaky\",group=\"flaky\"} 0.000"));
    }

    @Test
    void capstansOwnFamilies() {
        List<String> lines = scrape().lines().toList();
        assertTrue(lines.contains("capstan_service_ready{name=\"migrate\",group=\"migrate\"} 1"), "a finished oneshot");
        assertTrue(lines.contains("capstan_service_ready{name=\"worker_00\",group=\"worker\"} 0"));
        assertTrue(lines.contains("capstan_service_restarts_total{name=\"flaky\",group=\"flaky\"} 9"));
        assertTrue(lines.contains("capstan_service_spawn_failures_total{name=\"broken\",group=\"broken\"} 3"));
        assertTrue(lines.contains("process_cpu_seconds_total 12.340"));
        assertTrue(lines.contains("process_resident_memory_bytes " + (60 << 20)));
        assertTrue(lines.contains("process_open_fds 57"));
        assertTrue(lines.contains("process_max_fds 1024"));
        assertTrue(lines.contains("capstan_threads 31"));
        assertTrue(lines.contains("process_start_time_seconds " + (NOW.getEpochSecond() - 3600) + ".000"));
        assertTrue(lines.contains("capstan_events_total 42"));
        assertTrue(lines.contains("capstan_info{version=\"0.1.0\"} 1"));
        assertFalse(scrape().contains("capstan_reloads_total"), "no configuration file, no reload counts");
    }

    @Test
    void everyFamilyHasOneHelpAndOneTypeBeforeItsSamples() {
        List<String> lines = scrape().lines().toList();
        long helps = lines.stream().filter(l -> l.startsWith("# HELP ")).count();
        long types = lines.stream().filter(l -> l.startsWith("# TYPE ")).count();
        assertEquals(helps, types);
        assertEquals(helps, lines.stream().filter(l -> l.startsWith("# HELP ")).distinct().count());
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith("# TYPE ")) {
                String family = lines.get(i).split(" ")[2];
                assertTrue(lines.get(i - 1).startsWith("# HELP " + family + " "), family);
            }
        }
    }

    @Test
    void labelValuesAreEscaped() {
        assertEquals("a\\\"b\\\\c\\nd", Text.label(new StringBuilder(), "a\"b\\c\nd").toString());
    }

    @Test
    void procSelfOfThisJvm() throws IOException {
        ProcessSelf self = ProcessSelf.read();
        assertTrue(self.threads() > 1, "threads " + self.threads());
        assertTrue(self.residentBytes() > 1 << 20, "resident " + self.residentBytes());
        assertTrue(self.virtualBytes() > self.residentBytes());
        assertTrue(self.openFds() >= 3, "fds " + self.openFds());
        assertTrue(self.maxFds() == -1 || self.maxFds() >= self.openFds());
        assertTrue(self.cpuMillis() > 0, "a JVM that ran tests has used CPU");
    }
}
