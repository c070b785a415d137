package dev.capstan.web;

import dev.capstan.api.ConfigFileService;
import dev.capstan.api.ServiceState;
import dev.capstan.api.ServiceStatus;
import java.time.Instant;
import java.util.List;

/**
 * {@code GET /metrics}: the Prometheus text format 0.0.4, written by hand (docs/operations.md
 * lists every family). Per service, labelled {@code {name, group}}: the families of
 * node_exporter's supervisord collector under its names, so dashboards made for it work
 * unchanged, and Capstan's own ({@code capstan_service_*}) for what that collector has not.
 * For Capstan itself, the {@code process_*} families every Prometheus client library exports
 * and Capstan's own counters ({@code capstan_*}).
 */
final class Metrics {
    /** Prometheus 3 fails a scrape whose Content-Type is missing or not a known format. */
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private static final int UP = 0;
    private static final int STATE = 1;
    private static final int EXIT_STATUS = 2;
    private static final int START_TIME = 3;
    private static final int UPTIME = 4;
    private static final int READY = 5;
    private static final int RESTARTS = 6;
    private static final int SPAWN_FAILURES = 7;

    /** Per family, in the order of the constants above: name, type, help. */
    private static final String[][] SERVICE_FAMILIES = {
        {"node_supervisord_up", "gauge",
            "1 while the service has a process: STARTING, RUNNING or STOPPING (as node_exporter's supervisord collector)."},
        {"node_supervisord_state", "gauge",
            "The service's state as supervisord numbers it: 0 STOPPED, 10 STARTING, 20 RUNNING, 30 BACKOFF, 40 STOPPING,"
                + " 100 EXITED, 200 FATAL, 1000 UNKNOWN."},
        {"node_supervisord_exit_status", "gauge",
            "How the service's last process ended, as a shell reports it (128+N for signal N); 0 before any ended."},
        {"node_supervisord_start_time_seconds", "gauge",
            "When the service's current process was started, in seconds since the epoch; only while it is up."},
        {"node_supervisord_uptime", "gauge", "Seconds since the service's current process was started; 0 while it is not up."},
        {"capstan_service_ready", "gauge",
            "1 when the service is ready: RUNNING and its readiness check passed, or a oneshot that exited with an expected code."},
        {"capstan_service_restarts_total", "counter",
            "Processes started for the service after its first one, whatever the cause, since it was defined."},
        {"capstan_service_spawn_failures_total", "counter",
            "Starts of the service that made no process (the command could not be executed), since it was defined."},
    };

    private Metrics() {
    }

    /**
     * The whole exposition.
     *
     * @param self          Capstan's process, or null when /proc could not be read
     * @param configuration the configuration file's service, or null when there is none
     */
    static String write(List<ServiceStatus> services, Instant now, ProcessSelf self, long events,
            ConfigFileService configuration, Instant started, String version) {
        StringBuilder out = new StringBuilder(256 + services.size() * 8 * 80);
        for (int family = 0; family < SERVICE_FAMILIES.length; family++) {
            String name = SERVICE_FAMILIES[family][0];
            head(out, name, SERVICE_FAMILIES[family][1], SERVICE_FAMILIES[family][2]);
            for (ServiceStatus s : services) {
                boolean up = isUp(s.state());
                if (family == START_TIME && (!up || s.startedAt() == null)) {
                    continue;
                }
                out.append(name).append("{name=\"");
                Text.label(out, s.name()).append("\",group=\"");
                Text.label(out, s.spec().group()).append("\"} ");
                switch (family) {
                    case UP -> out.append(up ? 1 : 0);
                    case STATE -> out.append(s.state().code());
                    case EXIT_STATUS -> out.append(s.lastExit() == null ? 0 : s.lastExit().shellCode());
                    case START_TIME -> seconds(out, s.startedAt().toEpochMilli());
                    case UPTIME -> seconds(out, up && s.startedAt() != null
                            ? Math.max(0, now.toEpochMilli() - s.startedAt().toEpochMilli()) : 0);
                    case READY -> out.append(s.ready() ? 1 : 0);
                    case RESTARTS -> out.append(s.restarts());
                    default -> out.append(s.spawnFailures());
                }
                out.append('\n');
            }
        }
        if (self != null) {
            head(out, "process_cpu_seconds_total", "counter", "User and system CPU time Capstan's JVM has spent, in seconds.");
            seconds(out.append("process_cpu_seconds_total "), self.cpuMillis()).append('\n');
            gauge(out, "process_resident_memory_bytes", "Capstan's resident memory, in bytes.", self.residentBytes());
            gauge(out, "process_virtual_memory_bytes", "Capstan's virtual memory, in bytes.", self.virtualBytes());
            gauge(out, "process_open_fds", "File descriptors Capstan has open.", self.openFds());
            if (self.maxFds() >= 0) {
                gauge(out, "process_max_fds", "The most file descriptors Capstan may open (its soft limit).", self.maxFds());
            }
            gauge(out, "capstan_threads", "Threads of Capstan's JVM.", self.threads());
        }
        if (started != null) {
            head(out, "process_start_time_seconds", "gauge", "When Capstan started, in seconds since the epoch.");
            seconds(out.append("process_start_time_seconds "), started.toEpochMilli()).append('\n');
        }
        head(out, "capstan_events_total", "counter",
                "State changes the engine has posted as events (EventAdmin topics dev/capstan/service/*).");
        out.append("capstan_events_total ").append(events).append('\n');
        if (configuration != null) {
            head(out, "capstan_reloads_total", "counter",
                    "Times the configuration file was applied after boot: update, add, reload, SIGHUP.");
            out.append("capstan_reloads_total ").append(configuration.reloads()).append('\n');
            head(out, "capstan_reload_failures_total", "counter",
                    "Of those, the ones that failed because the file did not parse; nothing changed then.");
            out.append("capstan_reload_failures_total ").append(configuration.reloadFailures()).append('\n');
        }
        head(out, "capstan_info", "gauge", "Always 1; the version of the Capstan that answers, as a label.");
        out.append("capstan_info{version=\"");
        Text.label(out, version).append("\"} 1\n");
        return out.toString();
    }

    /** node_exporter's "up": the states in which supervisord's process has a pid (BACKOFF has none). */
    private static boolean isUp(ServiceState state) {
        return state == ServiceState.STARTING || state == ServiceState.RUNNING || state == ServiceState.STOPPING;
    }

    private static void head(StringBuilder out, String name, String type, String help) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }

    private static void gauge(StringBuilder out, String name, String help, long value) {
        head(out, name, "gauge", help);
        out.append(name).append(' ').append(value).append('\n');
    }

    /** Milliseconds as seconds with three decimals, never in exponent notation. */
    private static StringBuilder seconds(StringBuilder out, long millis) {
        out.append(millis / 1000).append('.');
        long ms = millis % 1000;
        if (ms < 100) {
            out.append('0');
        }
        if (ms < 10) {
            out.append('0');
        }
        return out.append(ms);
    }
}
