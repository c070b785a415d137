package dev.capstan.xmlrpc.rpc;

import dev.capstan.api.ConfigFileService;
import dev.capstan.api.Fault;
import dev.capstan.api.ReloadPlan;
import dev.capstan.api.ServiceStatus;
import dev.capstan.api.Supervisor;
import dev.capstan.api.SupervisorException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The configuration file in process groups, as supervisord's {@code reloadConfig},
 * {@code addProcessGroup} and {@code removeProcessGroup} see it. supervisord compares its groups;
 * Capstan's {@link ConfigFileService} compares services, so a group is added when none of its
 * services runs yet, removed when all of them go, and changed otherwise. Thread-safe.
 */
final class ConfigGroups {

    /**
     * How long add and remove wait for the engine to take the change, which reaches it through
     * ConfigAdmin on another thread; supervisord's are done when they answer, so are these.
     */
    private static final long SETTLE_MILLIS = 10_000;
    private static final long POLL_MILLIS = 10;

    private final Supervisor supervisor;
    private final ProcessTable table;
    private volatile ConfigFileService configuration;

    ConfigGroups(Supervisor supervisor, ProcessTable table) {
        this.supervisor = supervisor;
        this.table = table;
    }

    /** The configuration file service, or null while there is none. */
    void configuration(ConfigFileService c) {
        configuration = c;
    }

    /** The file's services, or none when there is no file or it does not read. */
    ConfigFileService configurationOrNull() {
        return configuration;
    }

    /** {@code reloadConfig}: [[added, changed, removed]] group names; nothing is applied. */
    List<Object> reload() {
        ReloadPlan plan = reread();
        Set<String> running = new LinkedHashSet<>();
        for (ServiceStatus s : supervisor.services()) {
            running.add(s.spec().group());
        }
        List<String> added = new ArrayList<>();
        List<String> changed = new ArrayList<>();
        List<String> removed = new ArrayList<>();
        Set<String> groups = new LinkedHashSet<>();
        groups.addAll(groupsOf(plan.added()));
        groups.addAll(groupsOf(plan.changed()));
        groups.addAll(groupsOf(plan.removed()));
        for (String group : groups) {
            if (!running.contains(group)) {
                added.add(group);
            } else if (isGone(group, plan)) {
                removed.add(group);
            } else {
                changed.add(group);
            }
        }
        return List.of(List.of(added, changed, removed));
    }

    /**
     * {@code addProcessGroup}: applies the file to a group none of whose services runs; answers
     * once the engine has them. Capstan reads the file anew for it, where supervisord uses what
     * its last reloadConfig read.
     */
    Boolean add(String group) {
        ReloadPlan plan = reread();
        boolean running = false;
        for (ServiceStatus s : supervisor.services()) {
            running |= s.spec().group().equals(group);
        }
        if (running) {
            throw RpcFault.of(isGone(group, plan) ? Fault.BAD_NAME : Fault.ALREADY_ADDED, group);
        }
        List<String> members = new ArrayList<>();
        for (String name : plan.added()) {
            if (group.equals(groupOf(name))) {
                members.add(name);
            }
        }
        if (members.isEmpty()) {
            throw RpcFault.of(Fault.BAD_NAME, group);
        }
        try {
            configuration.update(List.of(group));
        } catch (SupervisorException e) {
            throw RpcFault.of(e.fault() == Fault.CANT_REREAD ? Fault.CANT_REREAD : Fault.FAILED, e.getMessage());
        }
        awaitDefined(members, true);
        return Boolean.TRUE;
    }

    /**
     * {@code removeProcessGroup}: a group whose processes are all stopped leaves the running set;
     * those from the file until an update (or add) brings them back, others (from deploy/ or a
     * bundle) until their source defines them again.
     */
    Boolean remove(String group) {
        List<ServiceStatus> members = table.group(group);
        for (ServiceStatus s : members) {
            if (!s.state().isStopped()) {
                throw RpcFault.of(Fault.STILL_RUNNING, group);
            }
        }
        ConfigFileService c = configuration;
        Set<String> withdrawn = new LinkedHashSet<>(c == null ? List.of() : c.withdraw(List.of(group)));
        List<String> names = new ArrayList<>();
        for (ServiceStatus s : members) {
            names.add(s.fullName());
            if (!withdrawn.contains(s.fullName())) {
                removeFromEngine(s.fullName());
            }
        }
        awaitDefined(names, false);
        return Boolean.TRUE;
    }

    private void removeFromEngine(String name) {
        CompletionStage<Void> removed = supervisor.remove(name);
        try {
            removed.toCompletableFuture().get(SETTLE_MILLIS, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw RpcFault.of(Fault.FAILED, String.valueOf(e.getCause().getMessage()));
        } catch (TimeoutException e) {
            throw RpcFault.of(Fault.FAILED, name + " was not removed within " + SETTLE_MILLIS / 1000 + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CallerGoneException();
        }
    }

    /** Waits until the engine knows (or no longer knows) each of these services. */
    private void awaitDefined(List<String> names, boolean defined) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(SETTLE_MILLIS);
        for (String name : names) {
            while (supervisor.service(name).isPresent() != defined) {
                if (System.nanoTime() > deadline) {
                    throw RpcFault.of(Fault.FAILED, name + (defined ? " was not added" : " was not removed")
                            + " within " + SETTLE_MILLIS / 1000 + " s");
                }
                try {
                    Thread.sleep(POLL_MILLIS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new CallerGoneException();
                }
            }
        }
    }

    /** Whether all the group's running services are among those the file no longer has. */
    private boolean isGone(String group, ReloadPlan plan) {
        for (String name : plan.added()) {
            if (group.equals(groupOf(name))) {
                return false;
            }
        }
        for (String name : plan.changed()) {
            if (group.equals(groupOf(name))) {
                return false;
            }
        }
        for (ServiceStatus s : supervisor.services()) {
            if (s.spec().group().equals(group) && !plan.removed().contains(s.fullName())) {
                return false;
            }
        }
        return true;
    }

    private ReloadPlan reread() {
        ConfigFileService c = configuration;
        if (c == null) {
            throw RpcFault.of(Fault.CANT_REREAD, "no configuration file service (the config bundle is not active)");
        }
        try {
            return c.reread();
        } catch (SupervisorException e) {
            throw RpcFault.of(e.fault() == Fault.CANT_REREAD ? Fault.CANT_REREAD : Fault.FAILED, e.getMessage());
        }
    }

    private static Set<String> groupsOf(List<String> fullNames) {
        Set<String> groups = new LinkedHashSet<>();
        for (String name : fullNames) {
            groups.add(groupOf(name));
        }
        return groups;
    }

    /** The group of a full name ({@code group:name}, or {@code name} alone in its own group). */
    static String groupOf(String fullName) {
        int colon = fullName.indexOf(':');
        return colon < 0 ? fullName : fullName.substring(0, colon);
    }
}
