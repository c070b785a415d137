package dev.capstan.engine;

import dev.capstan.api.ConfigurationPids;
import dev.capstan.api.ServiceSpec;
import java.util.Map;
import java.util.TreeMap;

/**
 * A service's environment, which the kernel passes exactly: Capstan's own, then the variables
 * supervisord gives every child (so programs, listeners and supervisor.childutils that use them
 * keep working: {@code SUPERVISOR_ENABLED}, {@code SUPERVISOR_SERVER_URL} to call back,
 * {@code SUPERVISOR_PROCESS_NAME}, {@code SUPERVISOR_GROUP_NAME}), then the service's
 * {@code environment}.
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
        String serverUrl = System.getProperty(ConfigurationPids.SERVER_URL_PROPERTY);
        if (serverUrl != null) {
            env.put("SUPERVISOR_SERVER_URL", serverUrl);
        }
        env.put("SUPERVISOR_PROCESS_NAME", spec.name());
        env.put("SUPERVISOR_GROUP_NAME", spec.group());
        env.putAll(spec.environment());
        return env;
    }
}
