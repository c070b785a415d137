package dev.capstan.shell;

import dev.capstan.api.ServiceStatus;
import java.util.ArrayList;
import java.util.List;

/**
 * A name as supervisorctl takes it: {@code web}, {@code group:web}, or {@code group:*} (also
 * {@code group:}) for every service of a group. A name without a group is a process name, which
 * Capstan keeps unique, so {@code worker_00} works where supervisorctl wants {@code worker:worker_00}.
 *
 * @param text    as typed
 * @param group   the group, or null for a bare process name
 * @param process the process name, or null for a whole group
 */
record NameSpec(String text, String group, String process) {

    static NameSpec parse(String text) {
        int colon = text.indexOf(':');
        if (colon < 0) {
            return new NameSpec(text, null, text);
        }
        String process = text.substring(colon + 1);
        return new NameSpec(text, text.substring(0, colon),
                process.isEmpty() || process.equals("*") ? null : process);
    }

    boolean isGroup() {
        return process == null;
    }

    boolean matches(ServiceStatus s) {
        return (group == null || group.equals(s.spec().group()))
                && (process == null || process.equals(s.name()));
    }

    /** The services this name selects, in the order given. */
    List<ServiceStatus> select(List<ServiceStatus> services) {
        List<ServiceStatus> selected = new ArrayList<>();
        for (ServiceStatus s : services) {
            if (matches(s)) {
                selected.add(s);
            }
        }
        return selected;
    }

    /** supervisorctl's message for a name that selects nothing. */
    String noSuch() {
        return isGroup() ? group + ": ERROR (no such group)" : text + ": ERROR (no such process)";
    }
}
