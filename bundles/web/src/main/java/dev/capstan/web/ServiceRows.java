package dev.capstan.web;

import dev.capstan.api.Readiness;
import dev.capstan.api.ServiceState;
import dev.capstan.api.ServiceStatus;
import dev.capstan.api.ServiceType;
import dev.capstan.process.ExitStatus;
import dev.capstan.process.Signal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The page's service table, one {@code <tr>} per service, written the same for the page and for
 * its refresh ({@code GET /ui/rows}), so there is one renderer: the script swaps in the rows that
 * changed. Each row carries what the script needs as {@code data-} attributes: the full name the
 * actions take, the state, whether it counts as ready for {@code /readyz}, and its process's
 * start (milliseconds since the epoch) from which the uptime ticks on.
 */
final class ServiceRows {
    /**
     * What an empty cell shows: an em dash, as a character reference, like every character of a
     * row's own markup: rows of ASCII names and messages then stay in a one-byte-per-character
     * builder (Java's compact strings), whose UTF-8 encoding is a plain copy.
     */
    private static final String NONE = "<span class=\"none\">&#8212;</span>";
    /** As supervisorctl status lists them: by group, then name. */
    private static final Comparator<ServiceStatus> BY_GROUP_AND_NAME = new Comparator<ServiceStatus>() {
        @Override
        public int compare(ServiceStatus a, ServiceStatus b) {
            int byGroup = a.spec().group().compareTo(b.spec().group());
            return byGroup != 0 ? byGroup : a.name().compareTo(b.name());
        }
    };

    private ServiceRows() {
    }

    /**
     * A fingerprint of everything the rows show but the ticking uptimes: equal fingerprints, equal
     * rows. The page's refresh sends the last one it got ({@code If-None-Match}), and an unchanged
     * table costs this instead of a render: with a thousand services, microseconds against
     * milliseconds and a megabyte.
     */
    static String fingerprint(List<ServiceStatus> services) {
        long h = services.size();
        for (ServiceStatus s : services) {
            h = 31 * h + s.fullName().hashCode();
            h = 31 * h + s.origin().hashCode();
            h = 31 * h + s.state().ordinal();
            h = 31 * h + s.pid();
            h = 31 * h + (s.startedAt() == null ? 0 : s.startedAt().toEpochMilli());
            h = 31 * h + (s.ready() ? 1 : 2);
            h = 31 * h + (s.lastExit() == null ? 0 : s.lastExit().hashCode());
            h = 31 * h + s.description().hashCode();
            h = 31 * h + s.restarts();
            h = 31 * h + s.spawnFailures();
            h = 31 * h + (s.spec().autostart() ? 1 : 2);
            h = 31 * h + s.spec().type().ordinal();
            h = 31 * h + s.spec().exitCodes().hashCode();
        }
        return Long.toHexString(h);
    }

    static List<ServiceStatus> sorted(List<ServiceStatus> services) {
        List<ServiceStatus> sorted = new ArrayList<>(services);
        sorted.sort(BY_GROUP_AND_NAME);
        return sorted;
    }

    /** Every row, or one that says there is nothing to show. */
    static StringBuilder write(StringBuilder html, List<ServiceStatus> services, Instant now) {
        if (services.isEmpty()) {
            return html.append("<tr class=\"empty\"><td colspan=\"8\">No services are defined.</td></tr>\n");
        }
        for (ServiceStatus s : sorted(services)) {
            row(html, s, now);
        }
        return html;
    }

    private static void row(StringBuilder html, ServiceStatus s, Instant now) {
        String state = s.state().name();
        boolean hasProcess = s.pid() != 0 && s.startedAt() != null;
        boolean counted = s.spec().autostart();
        html.append("<tr id=\"svc-");
        Text.html(html, s.fullName()).append("\" data-name=\"");
        Text.html(html, s.fullName()).append("\" data-state=\"").append(state)
                .append("\" data-ok=\"").append(!counted || Readiness.isUp(s) ? 1 : 0).append('"');
        if (hasProcess) {
            html.append(" data-started=\"").append(s.startedAt().toEpochMilli()).append('"');
        }
        html.append(">\n<td class=\"c-name\"><button class=\"name\" data-act=\"logs\" title=\"Show its output\">");
        Text.html(html, s.name()).append("</button>");
        if (!s.spec().group().equals(s.name())) {
            html.append("<span class=\"group\">");
            Text.html(html, s.spec().group()).append("</span>");
        }
        html.append("<div class=\"origin\" title=\"");
        Text.html(html, s.origin()).append("\">");
        Text.html(html, shortOrigin(s.origin())).append("</div></td>\n");

        html.append("<td class=\"c-state\"><span class=\"state s-")
                .append(state.toLowerCase(Locale.ROOT)).append("\">").append(state).append("</span>");
        // Written when empty too: on a phone it is what puts the details on a line of their own.
        html.append("<div class=\"why\">");
        Text.html(html, s.description()).append("</div>");
        html.append("</td>\n<td class=\"c-ready\">");
        readiness(html, s);
        html.append("</td>\n<td class=\"c-uptime num\">");
        if (hasProcess) {
            html.append(Text.duration((now.toEpochMilli() - s.startedAt().toEpochMilli()) / 1000));
        } else {
            html.append(NONE);
        }
        html.append("</td>\n<td class=\"c-pid num\">");
        if (s.pid() != 0) {
            html.append(s.pid());
        } else {
            html.append(NONE);
        }
        html.append("</td>\n<td class=\"c-restarts num\"");
        if (s.spawnFailures() > 0) {
            html.append(" title=\"").append(s.spawnFailures()).append(s.spawnFailures() == 1 ? " start" : " starts")
                    .append(" made no process\"");
        }
        html.append('>').append(s.restarts());
        if (s.spawnFailures() > 0) {
            html.append(" <span class=\"bad\">+").append(s.spawnFailures()).append(" failed</span>");
        }
        html.append("</td>\n<td class=\"c-exit\">");
        lastExit(html, s);
        html.append("</td>\n<td class=\"c-actions\">");
        if (s.state().isStopped()) {
            html.append("<button class=\"btn\" data-act=\"start\">Start</button>");
        } else {
            html.append("<button class=\"btn\" data-act=\"stop\"")
                    .append(s.state() == ServiceState.STOPPING ? " disabled" : "").append(">Stop</button>");
        }
        html.append("<button class=\"btn\" data-act=\"restart\">Restart</button>")
                .append("<button class=\"btn more\" data-act=\"menu\" aria-label=\"More\" aria-haspopup=\"menu\">&#8943;</button>")
                .append("</td>\n</tr>\n");
    }

    private static void readiness(StringBuilder html, ServiceStatus s) {
        if (s.spec().type() == ServiceType.ONESHOT && s.state() == ServiceState.EXITED) {
            html.append(s.ready() ? "<span class=\"ready yes\">done</span>" : "<span class=\"ready no\">failed</span>");
        } else if (s.state() == ServiceState.RUNNING || s.state() == ServiceState.STARTING) {
            html.append(s.ready() ? "<span class=\"ready yes\">ready</span>" : "<span class=\"ready no\">not ready</span>");
        } else {
            html.append(NONE);
        }
    }

    /** {@code exit 0}, or the signal; marked bad when the exit code is not one of the service's expected ones. */
    private static void lastExit(StringBuilder html, ServiceStatus s) {
        ExitStatus exit = s.lastExit();
        if (exit == null) {
            html.append(NONE);
            return;
        }
        boolean bad = exit.exited() && !s.spec().exitCodes().contains(exit.code());
        html.append("<span class=\"exit").append(bad ? " bad" : "").append("\">");
        if (exit.exited()) {
            html.append("exit ").append(exit.code());
        } else {
            try {
                html.append("SIG").append(Signal.of(exit.signal()).name());
            } catch (IllegalArgumentException e) {
                html.append("signal ").append(exit.signal());
            }
            html.append(exit.core() ? " (core dumped)" : "");
        }
        html.append("</span>");
    }

    /** A file's name and line rather than its whole path (the title keeps the path); anything else as it is. */
    static String shortOrigin(String origin) {
        if (!origin.startsWith("/")) {
            return origin;
        }
        return origin.substring(origin.lastIndexOf('/') + 1);
    }
}
