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

/** The {@code status} table, line for line as supervisorctl prints it, plus readiness. */
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
     * supervisord's {@code _interpretProcessInfo}, with readiness after a running service's
     * uptime and Capstan's reason (e.g. the dependency it waits for) where supervisord says nothing.
     */
    static String description(ServiceStatus s, Instant now, ZoneId zone) {
        ServiceState state = s.state();
        String why = s.description() == null ? "" : s.description();
        return switch (state) {
            case RUNNING -> "pid " + s.pid() + ", uptime " + uptime(Duration.between(started(s), now))
                    + (s.ready() ? ", ready" : ", not ready");
            case FATAL, BACKOFF -> why.isEmpty() ? "unknown error (try \"tail " + s.name() + "\")" : why;
            case STOPPED, EXITED -> s.startedAt() == null ? "Not started" : STOP_TIME.format(s.since().atZone(zone));
            default -> why;
        };
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
