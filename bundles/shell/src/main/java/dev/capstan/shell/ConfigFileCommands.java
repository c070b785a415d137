package dev.capstan.shell;

import dev.capstan.api.ConfigFileService;
import dev.capstan.api.Fault;
import dev.capstan.api.ReloadPlan;
import dev.capstan.api.ServiceStatus;
import dev.capstan.api.Supervisor;
import dev.capstan.api.SupervisorException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.felix.service.command.annotations.GogoCommand;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * {@code reread}, {@code update}, {@code add}, {@code remove} and {@code reload}: the running set
 * against the configuration file. A file that does not parse changes nothing and says where it
 * is wrong.
 */
@GogoCommand(scope = "capstan", function = {"reread", "update", "add", "remove", "reload"})
@Component(service = ConfigFileCommands.class, configurationPolicy = ConfigurationPolicy.IGNORE)
public final class ConfigFileCommands {
    private final Supervisor supervisor;
    private final ConfigFileService configuration;

    @Activate
    public ConfigFileCommands(@Reference Supervisor supervisor,
            @Reference(cardinality = ReferenceCardinality.OPTIONAL, policyOption = ReferencePolicyOption.GREEDY)
            ConfigFileService configuration) {
        this.supervisor = supervisor;
        this.configuration = configuration;
    }

    /** What the file would change: "web: available", "db: changed", "old: disappeared". */
    public void reread(String... args) {
        Output out = Output.current();
        if (noArguments(out, "reread", args) && hasConfiguration(out)) {
            try {
                ReloadPlan plan = configuration.reread();
                if (plan.isEmpty()) {
                    out.println("No config updates to processes");
                }
                plan.added().forEach(n -> out.println(n + ": available"));
                plan.changed().forEach(n -> out.println(n + ": changed"));
                plan.removed().forEach(n -> out.println(n + ": disappeared"));
            } catch (SupervisorException e) {
                failed(out, e);
            }
        }
    }

    /**
     * Applies the file: removed services stop and go, changed ones restart, added ones start
     * (if autostart). With names, only those services or groups.
     */
    public void update(String... args) {
        Output out = Output.current();
        if (!hasConfiguration(out)) {
            return;
        }
        List<String> names = new ArrayList<>(List.of(args));
        if (names.contains("all")) {
            names.clear();
        }
        Set<String> known = knownNames(Services.sorted(supervisor));
        ReloadPlan plan;
        try {
            plan = configuration.update(names);
        } catch (SupervisorException e) {
            failed(out, e);
            return;
        }
        known.addAll(knownNames(plan.added()));
        for (String name : names) {
            if (!known.contains(name)) {
                out.println("ERROR: no such group: " + name);
                out.exit(ExitCode.GENERIC);
            }
        }
        for (String name : plan.removed()) {
            out.println(name + ": stopped");
            out.println(name + ": removed process group");
        }
        for (String name : plan.changed()) {
            out.println(name + ": stopped");
            out.println(name + ": updated process group");
        }
        for (String name : plan.added()) {
            out.println(name + ": added process group");
        }
    }

    /** Starts services or groups the file gained since Capstan last applied it. */
    public void add(String... names) {
        Output out = Output.current();
        if (names.length == 0) {
            out.println("Error: add requires a process or group name");
            out.exit(ExitCode.INVALID_ARGS);
            return;
        }
        if (!hasConfiguration(out)) {
            return;
        }
        for (String name : names) {
            if (knownNames(Services.sorted(supervisor)).contains(name)) {
                out.println("ERROR: process group already active");
                continue;
            }
            try {
                ReloadPlan available = configuration.reread();
                if (!knownNames(available.added()).contains(name)) {
                    out.println("ERROR: no such process/group: " + name);
                    out.exit(ExitCode.GENERIC);
                    continue;
                }
                configuration.update(List.of(name));
                out.println(name + ": added process group");
            } catch (SupervisorException e) {
                failed(out, e);
            }
        }
    }

    /** Forgets stopped services or groups (until the next update brings them back). */
    public void remove(String... names) throws InterruptedException {
        Output out = Output.current();
        if (names.length == 0) {
            out.println("Error: remove requires a process or group name");
            out.exit(ExitCode.INVALID_ARGS);
            return;
        }
        for (String name : names) {
            List<ServiceStatus> members = new ArrayList<>();
            for (ServiceStatus s : Services.sorted(supervisor)) {
                if (name.equals(s.spec().group()) || name.equals(s.fullName()) || name.equals(s.name())) {
                    members.add(s);
                }
            }
            if (members.isEmpty()) {
                out.println("ERROR: no such group: " + name);
                out.exit(ExitCode.GENERIC);
            } else if (members.stream().anyMatch(s -> !s.state().isStopped())) {
                out.println("ERROR: process/group still running: " + name);
                out.exit(ExitCode.GENERIC);
            } else {
                SupervisorException failure = null;
                for (PriorityWaves.Outcome o : PriorityWaves.run(members, false, supervisor::remove)) {
                    failure = o.ok() ? failure : o.failure();
                }
                if (failure == null) {
                    out.println(name + ": removed process group");
                } else {
                    failed(out, failure);
                }
            }
        }
    }

    /**
     * supervisord's restart, without restarting Capstan itself: every service stops (highest
     * priority first), the file is applied, and every autostart service starts again. A file that
     * does not read is reported before anything stops, and every service stays as it is, as with
     * SIGHUP, reread and update.
     */
    public void reload(String... args) throws InterruptedException {
        Output out = Output.current();
        if (!noArguments(out, "reload", args)) {
            return;
        }
        if (configuration != null) {
            try {
                configuration.reread();
            } catch (SupervisorException e) {
                failed(out, e);
                return;
            }
        }
        List<ServiceStatus> active = Services.sorted(supervisor).stream().filter(Services::isActive).toList();
        PriorityWaves.run(active, false, supervisor::stop);
        if (configuration != null) {
            try {
                configuration.update(List.of());
            } catch (SupervisorException e) {
                // The file broke after it was read above: the old definitions stay; start them
                // again rather than leave everything down.
                failed(out, e);
            }
        }
        List<ServiceStatus> autostart = Services.sorted(supervisor).stream()
                .filter(s -> s.spec().autostart() && !Services.isActive(s)).toList();
        PriorityWaves.run(autostart, true, supervisor::start);
        out.println("Restarted capstan");
    }

    /** Every name that selects services: full names, process names and group names. */
    private static Set<String> knownNames(List<ServiceStatus> services) {
        Set<String> names = new HashSet<>();
        for (ServiceStatus s : services) {
            names.add(s.fullName());
            names.add(s.name());
            names.add(s.spec().group());
        }
        return names;
    }

    /** The same for full names ({@code group:name} or {@code name}) from a reload plan. */
    private static Set<String> knownNames(Iterable<String> fullNames) {
        Set<String> names = new HashSet<>();
        for (String full : fullNames) {
            NameSpec spec = NameSpec.parse(full);
            names.add(full);
            names.add(spec.process());
            if (spec.group() != null) {
                names.add(spec.group());
            }
        }
        return names;
    }

    private boolean hasConfiguration(Output out) {
        if (configuration == null) {
            out.println("ERROR: no configuration file to read (the configuration service is not running)");
            out.exit(ExitCode.GENERIC);
        }
        return configuration != null;
    }

    private static boolean noArguments(Output out, String command, String[] args) {
        if (args.length > 0) {
            out.println("Error: " + command + " accepts no arguments");
            out.exit(ExitCode.INVALID_ARGS);
        }
        return args.length == 0;
    }

    private static void failed(Output out, SupervisorException e) {
        out.println(e.fault() == Fault.SHUTDOWN_STATE ? "ERROR: capstan shutting down" : "ERROR: " + e.getMessage());
        out.exit(ExitCode.GENERIC);
    }
}
