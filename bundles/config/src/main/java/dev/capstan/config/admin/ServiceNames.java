package dev.capstan.config.admin;

import java.util.HashMap;
import java.util.Map;

/**
 * Which configuration defines which service, both ways: a file of 1000 services checks each new
 * name against all the others, and a scan of one map for it made the whole file quadratic.
 */
final class ServiceNames {

    private final Map<String, String> nameByPid = new HashMap<>();
    private final Map<String, String> pidByName = new HashMap<>();

    /** The configuration that defines {@code name}, or null. */
    String pidOf(String name) {
        return pidByName.get(name);
    }

    /**
     * Records that {@code pid} defines {@code name} (the caller checked no other pid does).
     *
     * @return the name {@code pid} defined before, or null
     */
    String put(String pid, String name) {
        String previous = nameByPid.put(pid, name);
        if (previous != null) {
            pidByName.remove(previous);
        }
        pidByName.put(name, pid);
        return previous;
    }

    /** @return the name {@code pid} defined, or null */
    String remove(String pid) {
        String name = nameByPid.remove(pid);
        if (name != null) {
            pidByName.remove(name);
        }
        return name;
    }
}
