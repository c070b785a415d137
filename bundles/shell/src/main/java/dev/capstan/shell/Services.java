package dev.capstan.shell;

import dev.capstan.api.ServiceState;
import dev.capstan.api.ServiceStatus;
import dev.capstan.api.Supervisor;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/** Picking services out of the Supervisor's list the way supervisorctl's commands do. */
final class Services {
    /** supervisord lists processes by group, then name. */
    private static final Comparator<ServiceStatus> LEXICAL =
            Comparator.<ServiceStatus, String>comparing(s -> s.spec().group()).thenComparing(ServiceStatus::name);

    private Services() {
    }

    static List<ServiceStatus> sorted(Supervisor supervisor) {
        List<ServiceStatus> all = new ArrayList<>(supervisor.services());
        all.sort(LEXICAL);
        return all;
    }

    /** The one service a {@code name} or {@code group:name} names, if any. */
    static Optional<ServiceStatus> one(Supervisor supervisor, String name) {
        NameSpec spec = NameSpec.parse(name);
        return spec.isGroup() ? Optional.empty() : spec.select(sorted(supervisor)).stream().findFirst();
    }

    /**
     * supervisord's RUNNING_STATES (STARTING, RUNNING, BACKOFF): what {@code stop all} and
     * {@code signal all} act on, and what {@code start all} skips.
     */
    static boolean isActive(ServiceStatus s) {
        ServiceState st = s.state();
        return st == ServiceState.STARTING || st == ServiceState.RUNNING || st == ServiceState.BACKOFF;
    }

    /**
     * The targets of start, stop, signal or clear: {@code all} and {@code group:*} take the
     * services that pass {@code filter}; a single name is taken as it is, so that the engine
     * answers "already started" or "not running". Unknown names are reported as supervisorctl
     * does: a group with exit 2, a process with exit 1.
     */
    static List<ServiceStatus> targets(List<ServiceStatus> all, String[] names, Predicate<ServiceStatus> filter, Output out) {
        Map<String, ServiceStatus> targets = new LinkedHashMap<>();
        for (String name : names) {
            if (name.equals("all")) {
                all.stream().filter(filter).forEach(s -> targets.putIfAbsent(s.fullName(), s));
                continue;
            }
            NameSpec spec = NameSpec.parse(name);
            List<ServiceStatus> selected = spec.select(all);
            if (selected.isEmpty()) {
                out.println(spec.noSuch());
                out.exit(spec.isGroup() ? ExitCode.INVALID_ARGS : ExitCode.GENERIC);
            }
            for (ServiceStatus s : selected) {
                if (!spec.isGroup() || filter.test(s)) {
                    targets.putIfAbsent(s.fullName(), s);
                }
            }
        }
        return new ArrayList<>(targets.values());
    }
}
