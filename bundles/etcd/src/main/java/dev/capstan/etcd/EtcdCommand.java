package dev.capstan.etcd;

import java.io.PrintStream;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Process;
import org.apache.felix.service.command.annotations.GogoCommand;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * {@code capstan:etcd} ({@code capstanctl etcd}): the etcd source's endpoint, whether it is
 * connected, the revision it has read up to, and its last apply:
 *
 * <pre>
 * endpoint    http://10.0.0.1:2379 (connected since 2026-12-07 12:00:03)
 * keys        /nodes/n1/, applied when /commit is written
 * revision    57
 * last apply  2026-12-07 12:04:10, revision 57: on [easytier]
 * </pre>
 *
 * Exit status 0 while connected and the last apply went through, 3 otherwise (as {@code status}
 * for a service that is not running), 4 when there is no source. An operator's verb: it changes
 * nothing.
 */
@GogoCommand(scope = "capstan", function = "etcd")
@Component(service = EtcdCommand.class, configurationPolicy = ConfigurationPolicy.IGNORE)
public final class EtcdCommand {

    private static final int NOT_RUNNING = 3;
    private static final int UNKNOWN = 4;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile EtcdSource source;

    @Activate
    public EtcdCommand() {
        // the source comes and goes with [etcd]
    }

    @Descriptor("show the etcd source: endpoint, connection, revision read and last apply")
    public void etcd() {
        Process process = Process.Utils.current();
        PrintStream out = process.out();
        EtcdSource s = source;
        if (s == null) {
            out.println("etcd: no source ([etcd] is not in the configuration file)");
            process.error(UNKNOWN);
            return;
        }
        SourceStatus status = s.status();
        EtcdSettings settings = s.settings();
        out.println("endpoint    " + status.endpoint() + (status.connected() ? " (connected since " + time(status.since()) + ")"
                : status.problem() == null ? " (connecting)" : " (unreachable since " + time(status.since()) + ": " + status.problem() + ")"));
        out.println("keys        " + settings.prefix() + (settings.commitKey() == null ? ", applied as they change"
                : ", applied when " + settings.commitKey() + " is written"));
        out.println("revision    " + status.revision());
        Applied last = status.last();
        if (last == null) {
            out.println("last apply  none yet");
        } else if (last.error() == null) {
            out.println("last apply  " + time(last.at()) + ", revision " + last.revision() + ": " + last.summary());
        } else {
            out.println("last apply  " + time(last.at()) + ", revision " + last.revision() + ": refused, nothing changed:");
            for (String line : last.error().split("\n")) {
                out.println("  " + line);
            }
        }
        out.flush();
        if (!status.connected() || (last != null && last.error() != null)) {
            process.error(NOT_RUNNING);
        }
    }

    private static String time(Instant at) {
        return TIME.format(at.atZone(ZoneId.systemDefault()));
    }
}
