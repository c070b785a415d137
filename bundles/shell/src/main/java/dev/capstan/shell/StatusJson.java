package dev.capstan.shell;

import dev.capstan.api.ServiceState;
import dev.capstan.api.ServiceStatus;
import dev.capstan.process.Signal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

/**
 * {@code status --json}: one object per service, one per line inside an array, with the fields
 * a script needs instead of the table's prose. Times are ISO-8601 UTC, durations in seconds;
 * {@code description} is the table's, {@code reason} Capstan's whole reason for the state.
 */
final class StatusJson {

    private StatusJson() {
    }

    static String of(List<ServiceStatus> services, Instant now, ZoneId zone) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < services.size(); i++) {
            b.append(i == 0 ? "\n  " : ",\n  ");
            object(b, services.get(i), now, zone);
        }
        return b.append(services.isEmpty() ? "]" : "\n]").toString();
    }

    private static void object(StringBuilder b, ServiceStatus s, Instant now, ZoneId zone) {
        boolean running = s.state() == ServiceState.RUNNING;
        b.append("{\"name\":").append(string(s.name()))
                .append(",\"group\":").append(string(s.spec().group()))
                .append(",\"fullname\":").append(string(s.fullName()))
                .append(",\"state\":").append(string(s.state().name()))
                .append(",\"statecode\":").append(s.state().code())
                .append(",\"running\":").append(s.state().isRunning())
                .append(",\"ready\":").append(s.ready())
                .append(",\"pid\":").append(s.pid())
                .append(",\"uptime\":").append(running ? Duration.between(StatusText.started(s), now).getSeconds() : 0)
                .append(",\"since\":").append(time(s.since()))
                .append(",\"started\":").append(time(s.startedAt()))
                .append(",\"exitstatus\":").append(s.lastExit() == null ? "null" : Integer.toString(s.lastExit().shellCode()))
                .append(",\"signal\":").append(s.lastExit() == null || s.lastExit().exited() ? "null"
                        : string(signalName(s.lastExit().signal())))
                .append(",\"autostart\":").append(s.spec().autostart())
                .append(",\"tries\":").append(s.tries())
                .append(",\"origin\":").append(s.origin() == null ? "null" : string(s.origin()))
                .append(",\"description\":").append(string(StatusText.description(s, now, zone)))
                .append(",\"reason\":").append(string(StatusText.reason(s)))
                .append('}');
    }

    /** {@code SIGTERM}, as s6-svstat names it; {@code SIG42} for a number with no name. */
    private static String signalName(int number) {
        try {
            return "SIG" + Signal.of(number).name();
        } catch (IllegalArgumentException e) {
            return "SIG" + number;
        }
    }

    private static String time(Instant t) {
        return t == null ? "null" : string(t.toString());
    }

    static String string(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}
