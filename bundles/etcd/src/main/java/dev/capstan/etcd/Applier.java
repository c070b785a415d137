package dev.capstan.etcd;

import dev.capstan.api.ReloadPlan;
import dev.capstan.api.ServiceSources;
import dev.capstan.api.ServiceStatus;
import dev.capstan.api.Supervisor;
import dev.capstan.api.SupervisorException;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies a node's keys (docs/fleet.md): checks every definition and key first, and when one is
 * broken applies nothing; runs the hooks of the services that are on and whose keys changed;
 * then hands definitions and switches to {@link ServiceSources}, which applies the difference;
 * last restarts the running services whose hook ran and that nothing else restarted. Called on
 * the source's thread only.
 */
final class Applier {

    private static final Logger LOG = LoggerFactory.getLogger(Applier.class);

    private final EtcdSettings settings;
    private final ServiceSources sources;
    private final Supervisor supervisor;
    private final HookRunner hooks;
    /** The switches the last apply gave. */
    private Map<String, Boolean> applied = Map.of();
    /** Each service's keys when its hook last ran to success. */
    private final Map<String, Map<String, String>> hooked = new HashMap<>();

    Applier(EtcdSettings settings, ServiceSources sources, Supervisor supervisor, HookRunner hooks) {
        this.settings = settings;
        this.sources = sources;
        this.supervisor = supervisor;
        this.hooks = hooks;
    }

    /** @param endpoint where the keys were read, for the hooks */
    Applied apply(NodeKeys keys, long revision, URI endpoint) throws InterruptedException {
        Instant at = Instant.now();
        ReloadPlan plan;
        try {
            plan = sources.check(settings.source(), keys.definitions());
        } catch (SupervisorException e) {
            return refused(at, revision, keys, e.getMessage());
        }
        if (!keys.errors().isEmpty()) {
            return refused(at, revision, keys, null);
        }
        Map<String, Boolean> switches = new TreeMap<>(keys.switches());
        List<String> ran = new ArrayList<>();
        List<String> restart = new ArrayList<>();
        for (Map.Entry<String, String> hook : keys.hooks().entrySet()) {
            String service = hook.getKey();
            Map<String, String> data = keys.data(service);
            if (data.equals(hooked.get(service))) {
                continue;
            }
            boolean running = isRunning(service);
            Boolean switched = switches.get(service);
            if (!(switched != null ? switched : running || contains(plan.added(), service))) {
                continue; // off: its hook runs when it is turned on
            }
            String failure = hooks.run(service, hook.getValue(), hookEnvironment(service, revision, endpoint));
            if (failure == null) {
                hooked.put(service, data);
                ran.add(service);
                if (running) {
                    restart.add(service);
                }
            } else {
                LOG.error("{}: {}; {} is not started or restarted for these keys", NodeKeys.where(settings.prefix() + service
                        + "/" + NodeKeys.HOOK), failure, service);
                if (applied.containsKey(service)) {
                    switches.put(service, applied.get(service));
                } else {
                    switches.remove(service);
                }
            }
        }
        hooked.keySet().retainAll(keys.hooks().keySet());
        try {
            plan = sources.apply(settings.source(), keys.definitions(), switches);
        } catch (SupervisorException e) {
            return refused(at, revision, keys, e.getMessage());
        }
        List<String> on = new ArrayList<>();
        List<String> off = new ArrayList<>();
        List<String> released = new ArrayList<>(applied.keySet());
        for (Map.Entry<String, Boolean> s : switches.entrySet()) {
            released.remove(s.getKey());
            if (!s.getValue().equals(applied.get(s.getKey()))) {
                (s.getValue() ? on : off).add(s.getKey());
            }
        }
        List<String> restarted = new ArrayList<>();
        for (String service : restart) {
            if (!contains(plan.changed(), service) && !on.contains(service)) {
                restart(service);
                restarted.add(service);
            }
        }
        applied = switches;
        return new Applied(at, revision, summary(plan, on, off, released, ran, restarted), null);
    }

    /** Nothing applied: every problem, one per line, each naming its key. */
    private static Applied refused(Instant at, long revision, NodeKeys keys, String definitions) {
        List<String> problems = new ArrayList<>();
        if (definitions != null) {
            problems.add(definitions);
        }
        problems.addAll(keys.errors());
        return new Applied(at, revision, "", String.join("\n", problems));
    }

    private Map<String, String> hookEnvironment(String service, long revision, URI endpoint) {
        Map<String, String> env = new HashMap<>();
        env.put("CAPSTAN_ETCD_ENDPOINT", endpoint.toString());
        env.put("CAPSTAN_ETCD_PREFIX", settings.prefix() + service + "/");
        env.put("CAPSTAN_ETCD_REVISION", Long.toString(revision));
        return env;
    }

    private boolean isRunning(String service) {
        Optional<ServiceStatus> status = supervisor.service(service);
        return status.isPresent() && !status.get().state().isStopped();
    }

    private void restart(String service) {
        try {
            supervisor.restart(service).whenComplete((s, failure) -> {
                if (failure != null) {
                    LOG.error("{}: could not be restarted after its hook: {}", service, failure.getMessage());
                }
            });
        } catch (SupervisorException e) {
            LOG.error("{}: could not be restarted after its hook: {}", service, e.getMessage());
        }
    }

    /** Whether a plan's full names hold the service, alone or in its group. */
    private static boolean contains(List<String> fullNames, String service) {
        for (String name : fullNames) {
            if (name.equals(service) || name.endsWith(":" + service)) {
                return true;
            }
        }
        return false;
    }

    private static String summary(ReloadPlan plan, List<String> on, List<String> off, List<String> released, List<String> ran,
            List<String> restarted) {
        List<String> parts = new ArrayList<>();
        part(parts, "added", plan.added());
        part(parts, "changed", plan.changed());
        part(parts, "removed", plan.removed());
        part(parts, "on", on);
        part(parts, "off", off);
        part(parts, "switch deleted", released);
        part(parts, "hooks ran", ran);
        part(parts, "restarted", restarted);
        return parts.isEmpty() ? Applied.NOTHING : String.join(", ", parts);
    }

    private static void part(List<String> parts, String what, List<String> names) {
        if (!names.isEmpty()) {
            parts.add(what + " " + names);
        }
    }
}
