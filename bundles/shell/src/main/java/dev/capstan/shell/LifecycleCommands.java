package dev.capstan.shell;

import dev.capstan.api.Fault;
import dev.capstan.api.ServiceStatus;
import dev.capstan.api.Supervisor;
import dev.capstan.api.SupervisorException;
import dev.capstan.process.Signal;
import dev.capstan.shell.PriorityWaves.Outcome;
import java.util.List;
import org.apache.felix.service.command.annotations.GogoCommand;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code start}, {@code stop}, {@code restart} and {@code signal}, with supervisorctl's output
 * ("web: started", "web: ERROR (spawn error)") and exit codes. Each waits, as supervisorctl does,
 * until the engine says the service is up (and ready) or down.
 */
@GogoCommand(scope = "capstan", function = {"start", "stop", "restart", "signal"})
@Component(service = LifecycleCommands.class, configurationPolicy = ConfigurationPolicy.IGNORE)
public final class LifecycleCommands {
    private final Supervisor supervisor;

    @Activate
    public LifecycleCommands(@Reference Supervisor supervisor) {
        this.supervisor = supervisor;
    }

    /** Exit 0 when started or already started, 7 when it could not start, 1 for an unknown name. */
    public void start(String... names) throws InterruptedException {
        Output out = Output.current();
        if (requireNames(out, "start", names)) {
            start(out, names);
        }
    }

    /** Exit 0 even when it was not running. */
    public void stop(String... names) throws InterruptedException {
        Output out = Output.current();
        if (requireNames(out, "stop", names)) {
            stop(out, names);
        }
    }

    /** supervisorctl's restart: every stop finishes before any start. */
    public void restart(String... names) throws InterruptedException {
        Output out = Output.current();
        if (requireNames(out, "restart", names)) {
            stop(out, names);
            start(out, names);
        }
    }

    public void signal(String... args) {
        Output out = Output.current();
        if (args.length < 2) {
            out.println("Error: signal requires a signal name and a process name");
            out.exit(ExitCode.INVALID_ARGS);
            return;
        }
        String[] names = List.of(args).subList(1, args.length).toArray(String[]::new);
        List<ServiceStatus> targets = Services.targets(Services.sorted(supervisor), names, Services::isActive, out);
        Signal signal;
        try {
            signal = Signal.parse(args[0]);
        } catch (IllegalArgumentException e) {
            for (ServiceStatus s : targets) {
                report(out, s.fullName(), new SupervisorException(Fault.BAD_SIGNAL, e.getMessage()), "signalled", null);
            }
            return;
        }
        for (ServiceStatus s : targets) {
            SupervisorException failure = null;
            try {
                supervisor.signal(s.fullName(), signal);
            } catch (RuntimeException e) {
                failure = PriorityWaves.asFault(e);
            }
            report(out, s.fullName(), failure, "signalled", null);
        }
    }

    private void start(Output out, String[] names) throws InterruptedException {
        List<ServiceStatus> targets = Services.targets(Services.sorted(supervisor), names, s -> !Services.isActive(s), out);
        for (Outcome o : PriorityWaves.run(targets, true, supervisor::start)) {
            report(out, o.service().fullName(), o.failure(), "started", Fault.ALREADY_STARTED);
        }
    }

    private void stop(Output out, String[] names) throws InterruptedException {
        List<ServiceStatus> targets = Services.targets(Services.sorted(supervisor), names, Services::isActive, out);
        for (Outcome o : PriorityWaves.run(targets, false, supervisor::stop)) {
            report(out, o.service().fullName(), o.failure(), "stopped", Fault.NOT_RUNNING);
        }
    }

    private static boolean requireNames(Output out, String command, String[] names) {
        if (names.length > 0) {
            return true;
        }
        out.println("Error: " + command + " requires a process name");
        out.exit(ExitCode.INVALID_ARGS);
        return false;
    }

    /** supervisorctl's {@code _startresult}, {@code _stopresult} and {@code _signalresult}. */
    private static void report(Output out, String name, SupervisorException failure, String success, Fault ignored) {
        if (failure == null) {
            out.println(name + ": " + success);
            return;
        }
        out.println(failure.fault() == Fault.FAILED ? failure.getMessage() : name + ": ERROR (" + reason(failure) + ")");
        out.exit(ExitCode.of(failure.fault(), ignored));
    }

    static String reason(SupervisorException failure) {
        return switch (failure.fault()) {
            case BAD_NAME -> "no such process";
            case BAD_SIGNAL -> "bad signal name";
            case NO_FILE -> "no such file";
            case NOT_EXECUTABLE -> "file is not executable";
            case ALREADY_STARTED -> "already started";
            case SPAWN_ERROR -> "spawn error";
            case ABNORMAL_TERMINATION -> "abnormal termination";
            case NOT_RUNNING -> "not running";
            case SHUTDOWN_STATE -> "shutting down";
            default -> failure.getMessage();
        };
    }
}
