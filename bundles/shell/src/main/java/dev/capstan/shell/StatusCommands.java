package dev.capstan.shell;

import dev.capstan.api.ConfigFileService;
import dev.capstan.api.ReloadPlan;
import dev.capstan.api.ServiceStatus;
import dev.capstan.api.Supervisor;
import dev.capstan.api.SupervisorException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.felix.service.command.annotations.GogoCommand;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/** {@code status}, {@code avail} and {@code pid}: what is there and how it is doing. */
@GogoCommand(scope = "capstan", function = {"status", "avail", "pid"})
@Component(service = StatusCommands.class, configurationPolicy = ConfigurationPolicy.IGNORE)
public final class StatusCommands {
    private final Supervisor supervisor;
    private final ConfigFileService configuration;

    @Activate
    public StatusCommands(@Reference Supervisor supervisor,
            @Reference(cardinality = ReferenceCardinality.OPTIONAL, policyOption = ReferencePolicyOption.GREEDY)
            ConfigFileService configuration) {
        this.supervisor = supervisor;
        this.configuration = configuration;
    }

    /** Exit 0 if every selected service is running, 3 if one is not, 4 for an unknown name. */
    public void status(String... args) {
        Output out = Output.current();
        boolean json = false;
        List<String> names = new ArrayList<>();
        for (String a : args) {
            if (a.equals("--json")) {
                json = true;
            } else if (a.startsWith("-")) {
                out.println("Error: unknown option " + a);
                out.exit(ExitCode.INVALID_ARGS);
                return;
            } else {
                names.add(a);
            }
        }
        List<ServiceStatus> all = Services.sorted(supervisor);
        List<ServiceStatus> shown = all;
        if (!names.isEmpty() && !names.contains("all")) {
            shown = new ArrayList<>();
            for (String name : names) {
                NameSpec spec = NameSpec.parse(name);
                List<ServiceStatus> selected = spec.select(all);
                if (selected.isEmpty()) {
                    // Keep stdout parseable in JSON mode.
                    if (json) {
                        out.errorln(spec.noSuch());
                    } else {
                        out.println(spec.noSuch());
                    }
                    out.exit(ExitCode.STATUS_UNKNOWN);
                }
                shown.addAll(selected);
            }
        }
        Instant now = Instant.now();
        ZoneId zone = ZoneId.systemDefault();
        if (json) {
            out.println(StatusJson.of(shown, now, zone));
        } else {
            out.lines(StatusText.table(shown, now, zone));
        }
        for (ServiceStatus s : shown) {
            if (s.state().isStopped()) {
                out.exit(ExitCode.STATUS_NOT_RUNNING);
            }
        }
    }

    /**
     * supervisorctl's avail, in its columns ({@code %-32s %-9s %-9s %s}) and order (by process
     * name): every service "in use", with {@code auto} or {@code manual} and its group's and its
     * own priority; then those the configuration file has gained since (what {@code add} or
     * {@code update} would start) as "avail", by name only (reread names them, nothing more).
     */
    public void avail(String... args) {
        Output out = Output.current();
        if (args.length > 0) {
            out.println("Error: avail accepts no arguments");
            out.exit(ExitCode.INVALID_ARGS);
            return;
        }
        List<ServiceStatus> services = Services.sorted(supervisor);
        services.sort(Comparator.comparing(ServiceStatus::name)); // stable: by group within a name, as supervisord
        for (ServiceStatus s : services) {
            out.println(String.format(Locale.ROOT, "%-32s %-9s %-9s %s", s.fullName(), "in use",
                    s.spec().autostart() ? "auto" : "manual", priorities(s)));
        }
        if (configuration == null) {
            return;
        }
        try {
            ReloadPlan plan = configuration.reread();
            for (String name : plan.added()) {
                out.println(String.format(Locale.ROOT, "%-32s %s", name, "avail"));
            }
        } catch (SupervisorException e) {
            out.println("ERROR: " + e.getMessage());
            out.exit(ExitCode.GENERIC);
        }
    }

    /**
     * supervisord's {@code group_prio:process_prio}. A service alone in its group has its own
     * priority twice; one of a [group:x] has supervisord's default group priority, 999, since
     * Capstan does not use a group's priority; an event listener whose priority was not set has
     * supervisord's -1 for its pool and 999 for the process.
     */
    private static String priorities(ServiceStatus s) {
        int own = s.spec().priority();
        boolean grouped = !s.spec().group().equals(s.name());
        if (!s.spec().events().isEmpty() && own == -1) {
            return "-1:999";
        }
        return (grouped ? 999 : own) + ":" + own;
    }

    /** Capstan's pid; a service's (7 if it has none); or every service's with {@code all}. */
    public void pid(String... names) {
        Output out = Output.current();
        if (names.length == 0) {
            out.println(Long.toString(ProcessHandle.current().pid()));
            return;
        }
        if (List.of(names).contains("all")) {
            for (ServiceStatus s : Services.sorted(supervisor)) {
                out.println(Integer.toString(s.pid()));
            }
            return;
        }
        for (String name : names) {
            Optional<ServiceStatus> s = Services.one(supervisor, name);
            if (s.isEmpty()) {
                out.println("No such process " + name);
                out.exit(ExitCode.GENERIC);
                continue;
            }
            out.println(Integer.toString(s.get().pid()));
            if (s.get().pid() == 0) {
                out.exit(ExitCode.NOT_RUNNING);
            }
        }
    }
}
