package dev.capstan.xmlrpc.rpc;

import dev.capstan.api.Fault;
import dev.capstan.api.ServiceStatus;
import dev.capstan.api.Supervisor;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The services as supervisord's interface sees them: processes in groups, named
 * {@code group:process} or, when the two names are the same, {@code process}. Each call takes a
 * fresh snapshot from the {@link Supervisor}. Thread-safe.
 */
final class ProcessTable {

    /** supervisord's default priority, which a {@code [group:x]} section's own priority keeps here. */
    static final int DEFAULT_PRIORITY = 999;

    /** getAllProcessInfo's order: group name, then process name. */
    static final Comparator<ServiceStatus> LEXICAL = new Order(null);

    private final Supervisor supervisor;

    ProcessTable(Supervisor supervisor) {
        this.supervisor = supervisor;
    }

    /** supervisord's {@code make_namespec}. */
    static String namespec(ServiceStatus s) {
        return s.spec().fullName();
    }

    /** Every service, by group then name. */
    List<ServiceStatus> lexical() {
        List<ServiceStatus> all = new ArrayList<>(supervisor.services());
        all.sort(LEXICAL);
        return all;
    }

    /**
     * Every service in supervisord's priority order ({@code _getAllProcesses}): groups by their
     * priority, each group's processes by theirs; names break ties.
     */
    List<ServiceStatus> byPriority() {
        List<ServiceStatus> all = lexical();
        Map<String, Integer> groupPriorities = new HashMap<>();
        int from = 0;
        for (int i = 1; i <= all.size(); i++) {
            if (i == all.size() || !all.get(i).spec().group().equals(all.get(from).spec().group())) {
                groupPriorities.put(all.get(from).spec().group(), groupPriority(all.subList(from, i)));
                from = i;
            }
        }
        all.sort(new Order(groupPriorities));
        return all;
    }

    /**
     * The processes of a group, by priority (supervisord's {@code processes.sort()}).
     *
     * @throws RpcFault BAD_NAME (with the group's name) when there is no such group
     */
    List<ServiceStatus> group(String name) {
        List<ServiceStatus> members = new ArrayList<>();
        for (ServiceStatus s : lexical()) {
            if (s.spec().group().equals(name)) {
                members.add(s);
            }
        }
        if (members.isEmpty()) {
            throw RpcFault.of(Fault.BAD_NAME, name);
        }
        members.sort(new Order(Map.of(name, 0)));
        return members;
    }

    /**
     * The one process {@code namespec} names: {@code group:process}, or {@code process} for a
     * process in its own group. Capstan keeps process names unique, so a bare name also finds a
     * process of another group (supervisord answers BAD_NAME there).
     *
     * @throws RpcFault BAD_NAME (with the namespec) when it names no process, or a whole group
     */
    ServiceStatus process(String namespec) {
        int colon = namespec.indexOf(':');
        if (colon >= 0 && isWholeGroup(namespec.substring(colon + 1))) {
            throw RpcFault.of(Fault.BAD_NAME, namespec);
        }
        Optional<ServiceStatus> found = supervisor.service(namespec);
        if (found.isEmpty()) {
            throw RpcFault.of(Fault.BAD_NAME, namespec);
        }
        return found.get();
    }

    /** The group a {@code group:}, {@code group:*} namespec names, or null when it names a process. */
    static String wholeGroup(String namespec) {
        int colon = namespec.indexOf(':');
        return colon >= 0 && isWholeGroup(namespec.substring(colon + 1)) ? namespec.substring(0, colon) : null;
    }

    private static boolean isWholeGroup(String process) {
        return process.isEmpty() || process.equals("*");
    }

    /**
     * A group's priority: the process's own for a program that is its own group, as supervisord
     * makes it; Capstan does not keep a {@code [group:x]} section's, so those have the default.
     */
    static int groupPriority(List<ServiceStatus> members) {
        ServiceStatus first = members.get(0);
        return members.size() == 1 && first.name().equals(first.spec().group())
                ? first.spec().priority() : DEFAULT_PRIORITY;
    }

    /**
     * By group priority (when given), group name, process priority (when group priorities are
     * given), process name.
     */
    private static final class Order implements Comparator<ServiceStatus> {
        private final Map<String, Integer> groupPriorities;

        Order(Map<String, Integer> groupPriorities) {
            this.groupPriorities = groupPriorities;
        }

        @Override
        public int compare(ServiceStatus a, ServiceStatus b) {
            String ga = a.spec().group();
            String gb = b.spec().group();
            int c = 0;
            if (groupPriorities != null) {
                c = Integer.compare(groupPriorities.get(ga), groupPriorities.get(gb));
            }
            if (c == 0) {
                c = ga.compareTo(gb);
            }
            if (c == 0 && groupPriorities != null) {
                c = Integer.compare(a.spec().priority(), b.spec().priority());
            }
            return c != 0 ? c : a.name().compareTo(b.name());
        }
    }
}
