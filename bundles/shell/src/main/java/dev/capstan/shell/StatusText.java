package dev.capstan.shell;

import dev.capstan.api.ServiceState;
import dev.capstan.api.ServiceStatus;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The {@code status} table, byte for byte as supervisorctl prints it, so that scripts parsing
 * it ({@code awk '{print $4}'}) work unchanged; readiness shows only where it adds something.
 */
final class StatusText {
    /** Python's {@code strftime('%b %d %I:%M %p')} in the C locale: "Nov 05 03:15 PM". */
    private static final DateTimeFormatter STOP_TIME = DateTimeFormatter.ofPattern("MMM dd hh:mm a", Locale.US);

    private StatusText() {
    }

    /**
     * supervisorctl's {@code _show_statuses}: the name padded to the longest name (at least 30)
     * plus 3, the state padded to 10, then the description.
     */
    static List<String> table(List<ServiceStatus> services, Instant now, ZoneId zone) {
        int width = 30;
        for (ServiceStatus s : services) {
            width = Math.max(width, s.fullName().length());
        }
        List<String> lines = new ArrayList<>();
        for (ServiceStatus s : services) {
            lines.add(pad(s.fullName(), width + 3) + pad(s.state().name(), 10) + description(s, now, zone));
        }
        return lines;
    }

    /**
     * supervisord's {@code _interpretProcessInfo}: a running service's pid and uptime (and, only
     * when it is not ready yet, that it is not and why); a FATAL or BACKOFF service's reason, as
     * supervisord words it ({@code Exited too quickly (process log may have details)}), without
     * the details Capstan adds after a "; " (exit status, retries: they stay in the log and in
     * {@code status --json}); a stopped service's stop time. Where supervisord says nothing
     * (STARTING, STOPPING), Capstan's reason, e.g. the dependency it waits for.
     */
    static String description(ServiceStatus s, Instant now, ZoneId zone) {
        String why = reason(s);
        return switch (s.state()) {
            case RUNNING -> "pid " + s.pid() + ", uptime " + uptime(Duration.between(started(s), now))
                    + (s.ready() ? "" : ", not ready" + (why.isEmpty() ? "" : ": " + why));
            case FATAL, BACKOFF -> {
                int details = why.indexOf("; ");
                String words = details < 0 ? why : why.substring(0, details);
                yield words.isEmpty() ? "unknown error (try \"tail " + s.name() + "\")" : words;
            }
            case STOPPED, EXITED -> s.startedAt() == null ? "Not started" : STOP_TIME.format(s.since().atZone(zone));
            default -> why;
        };
    }

    /** Capstan's whole reason for the state, details included; empty when it has none. */
    static String reason(ServiceStatus s) {
        return s.description() == null ? "" : s.description();
    }

    static Instant started(ServiceStatus s) {
        return s.startedAt() != null ? s.startedAt() : s.since();
    }

    /** Python's {@code str(timedelta)} to the second: "0:01:02", "1 day, 2:03:04", "3 days, 0:00:05". */
    static String uptime(Duration d) {
        long total = Math.max(0, d.getSeconds());
        long days = total / 86_400;
        long rest = total % 86_400;
        String hms = String.format(Locale.ROOT, "%d:%02d:%02d", rest / 3600, rest / 60 % 60, rest % 60);
        return days == 0 ? hms : days + (days == 1 ? " day, " : " days, ") + hms;
    }

    private static String pad(String s, int width) {
        StringBuilder b = new StringBuilder(s);
        while (b.length() < width) {
            b.append(' ');
        }
        return b.toString();
    }
}
