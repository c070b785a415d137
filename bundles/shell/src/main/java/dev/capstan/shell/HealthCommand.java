package dev.capstan.shell;

import dev.capstan.api.EngineHealth;
import dev.capstan.api.Readiness;
import dev.capstan.api.ServiceStatus;
import dev.capstan.api.Supervisor;
import java.util.List;
import org.apache.felix.service.command.annotations.GogoCommand;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code health [--live]}: what {@code GET /readyz} (or, with {@code --live}, {@code GET /healthz})
 * answers, as an exit code for a container's HEALTHCHECK in an image without curl: 0 healthy,
 * 1 not (Docker reserves 2, which only a misused command gets). Readiness is
 * {@link Readiness}'s; liveness is the engine answering within {@link EngineHealth#HEALTH_TIMEOUT},
 * checked first, so a stuck engine fails the check instead of hanging it.
 */
@GogoCommand(scope = "capstan", function = "health")
@Component(service = HealthCommand.class, configurationPolicy = ConfigurationPolicy.IGNORE)
public final class HealthCommand {
    private final Supervisor supervisor;
    private final EngineHealth engine;

    @Activate
    public HealthCommand(@Reference Supervisor supervisor, @Reference EngineHealth engine) {
        this.supervisor = supervisor;
        this.engine = engine;
    }

    public void health(String... args) {
        Output out = Output.current();
        boolean liveOnly = args.length == 1 && args[0].equals("--live");
        if (args.length > 0 && !liveOnly) {
            out.println("Error: health takes no argument but --live");
            out.exit(ExitCode.INVALID_ARGS);
            return;
        }
        if (!engine.responsive(EngineHealth.HEALTH_TIMEOUT)) {
            out.println("not live: the engine did not answer within " + EngineHealth.HEALTH_TIMEOUT.toSeconds() + " s");
            out.exit(ExitCode.GENERIC);
            return;
        }
        if (liveOnly) {
            out.println("live");
            return;
        }
        List<ServiceStatus> notReady = Readiness.notReady(Services.sorted(supervisor));
        if (notReady.isEmpty()) {
            out.println("ready");
            return;
        }
        for (ServiceStatus s : notReady) {
            out.println(s.fullName() + ": " + s.state() + ", not ready: " + Readiness.reason(s));
        }
        out.exit(ExitCode.GENERIC);
    }
}
