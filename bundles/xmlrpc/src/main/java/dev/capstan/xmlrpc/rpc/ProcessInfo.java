package dev.capstan.xmlrpc.rpc;

import dev.capstan.api.LogSpec;
import dev.capstan.api.ServiceSpec;
import dev.capstan.api.ServiceState;
import dev.capstan.api.ServiceStatus;
import dev.capstan.api.StreamName;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * supervisord's process info struct ({@code getProcessInfo}): the same keys in the same order,
 * times in whole seconds since the epoch, and its {@code description} exactly as supervisord
 * words it, so that supervisorctl's status lines read the same. Thread-safe.
 */
final class ProcessInfo {

    /** Python's {@code strftime('%b %d %I:%M %p')} in the C locale: "Nov 05 03:15 PM". */
    private static final DateTimeFormatter STOP_TIME = DateTimeFormatter.ofPattern("MMM dd hh:mm a", Locale.US);

    private final Path childLogDir;
    private final ZoneId zone;

    /**
     * @param childLogDir where AUTO log files are ({@code [supervisord] childlogdir})
     * @param zone        the local time zone stop times are shown in, as supervisord's localtime()
     */
    ProcessInfo(Path childLogDir, ZoneId zone) {
        this.childLogDir = childLogDir;
        this.zone = zone;
    }

    Map<String, Object> of(ServiceStatus s, Instant now) {
        ServiceSpec spec = s.spec();
        ServiceState state = s.state();
        long start = s.startedAt() == null ? 0 : s.startedAt().getEpochSecond();
        boolean down = state.isStopped() || state == ServiceState.BACKOFF;
        long stop = start != 0 && down ? s.since().getEpochSecond() : 0;
        boolean failedStart = state == ServiceState.FATAL || state == ServiceState.BACKOFF;
        String spawnErr = failedStart ? orEmpty(s.description()) : "";
        String stdout = logFile(spec, StreamName.STDOUT);
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("name", spec.name());
        info.put("group", spec.group());
        info.put("start", start);
        info.put("stop", stop);
        info.put("now", now.getEpochSecond());
        info.put("state", state.code());
        info.put("statename", state.name());
        info.put("spawnerr", spawnErr);
        // supervisord forgets the exit status at each spawn, and of a process that exited before startsecs
        boolean ended = state == ServiceState.STOPPED || state == ServiceState.EXITED;
        info.put("exitstatus", s.lastExit() != null && ended ? s.lastExit().code() : 0);
        info.put("logfile", stdout);
        info.put("stdout_logfile", stdout);
        info.put("stderr_logfile", logFile(spec, StreamName.STDERR));
        info.put("pid", s.pid());
        info.put("description", description(state, s.pid(), start, stop, now.getEpochSecond(), spawnErr, spec.name()));
        return info;
    }

    /**
     * The file a stream is logged to, as supervisord reports it: the path (an AUTO file's
     * included), or "" when there is none (NONE, the console, stderr with redirect_stderr).
     */
    String logFile(ServiceSpec spec, StreamName stream) {
        LogSpec log = stream == StreamName.STDOUT ? spec.stdout() : spec.stderr();
        if (stream == StreamName.STDERR && spec.redirectStderr()) {
            return "";
        }
        switch (log.target()) {
            case FILE:
                return log.file().toString();
            case AUTO:
                // The logs bundle's AUTO name (docs/logging.md): NAME-stdout---capstan.log in childlogdir.
                return childLogDir.resolve(spec.name() + "-" + stream.name().toLowerCase(Locale.ROOT) + "---capstan.log")
                        .toString();
            default:
                return "";
        }
    }

    /** supervisord's {@code _interpretProcessInfo}. */
    String description(ServiceState state, int pid, long start, long stop, long now, String spawnErr, String name) {
        switch (state) {
            case RUNNING:
                return "pid " + pid + ", uptime " + uptime(now - start);
            case FATAL:
            case BACKOFF:
                return spawnErr.isEmpty() ? "unknown error (try \"tail " + name + "\")" : spawnErr;
            case STOPPED:
            case EXITED:
                return start == 0 ? "Not started" : STOP_TIME.format(Instant.ofEpochSecond(stop).atZone(zone));
            default:
                return "";
        }
    }

    /** Python's {@code str(timedelta(seconds=n))}: "0:01:02", "1 day, 2:03:04", "3 days, 0:00:05". */
    static String uptime(long seconds) {
        long total = Math.max(0, seconds);
        long days = total / 86_400;
        long rest = total % 86_400;
        String hms = (rest / 3600) + ":" + two(rest / 60 % 60) + ":" + two(rest % 60);
        return days == 0 ? hms : days + (days == 1 ? " day, " : " days, ") + hms;
    }

    private static String two(long n) {
        return n < 10 ? "0" + n : Long.toString(n);
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }
}
