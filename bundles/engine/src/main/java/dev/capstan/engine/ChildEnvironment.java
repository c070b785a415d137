package dev.capstan.engine;

import dev.capstan.api.ServiceSpec;
import java.util.Map;
import java.util.TreeMap;

/**
 * A service's environment, which the kernel passes exactly: Capstan's own, then the variables
 * supervisord gives every child (so programs and scripts that test for them keep working), then
 * the service's {@code environment}.
 */
final class ChildEnvironment {
    /**
     * Sorted once: a TreeMap copied from a TreeMap is built in linear time, where copying an
     * unsorted map inserted (and compared) each of Capstan's variables again at every spawn.
     */
    private final TreeMap<String, String> base;

    ChildEnvironment(Map<String, String> capstanEnvironment) {
        this.base = new TreeMap<>(capstanEnvironment);
        base.put("SUPERVISOR_ENABLED", "1");
    }

    Map<String, String> of(ServiceSpec spec) {
        Map<String, String> env = new TreeMap<>(base);
        env.put("SUPERVISOR_PROCESS_NAME", spec.name());
        env.put("SUPERVISOR_GROUP_NAME", spec.group());
        env.putAll(spec.environment());
        return env;
    }
}
