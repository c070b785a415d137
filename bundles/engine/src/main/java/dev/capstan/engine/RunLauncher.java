package dev.capstan.engine;

import dev.capstan.api.ServiceLogs;
import dev.capstan.api.ServiceOutput;
import dev.capstan.api.ServiceSpec;
import dev.capstan.api.ServiceType;
import dev.capstan.engine.readiness.ActiveCheck;
import dev.capstan.engine.readiness.Checks;
import dev.capstan.engine.readiness.ReadinessWatch;
import dev.capstan.process.Child;
import dev.capstan.process.ProcessKernel;
import dev.capstan.process.SpawnRequest;
import java.io.IOException;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Turns a spec into a running process: its environment, its output from the logs bundle, the
 * hooks of its readiness check, then the spawn through the kernel.
 *
 * <p>No process starts without the logs bundle: its output would bypass the log files and
 * prefixes it was configured with, and {@code log:} readiness could never pass.
 */
final class RunLauncher {
    private final ProcessKernel kernel;
    private final Supplier<ServiceLogs> logs;
    private final ChildEnvironment environment;
    private final Checks checks;
    private final EngineLoop loop;

    RunLauncher(ProcessKernel kernel, Supplier<ServiceLogs> logs, ChildEnvironment environment, Checks checks,
                EngineLoop loop) {
        this.kernel = kernel;
        this.logs = logs;
        this.environment = environment;
        this.checks = checks;
        this.loop = loop;
    }

    /**
     * @param onReady    called on the engine thread when the readiness check passed
     * @param onNotReady called on the engine thread with the reason when ready_timeout passed first
     * @throws IOException the spawn failed ({@link dev.capstan.process.SpawnException}, with the
     *                     system's reason) or the output could not be opened
     */
    Run launch(ServiceSpec spec, int generation, Runnable onReady, Consumer<String> onNotReady) throws IOException {
        Map<String, String> env = environment.of(spec);
        ReadinessWatch readiness = null;
        if (spec.ready() != null && spec.type() == ServiceType.LONGRUN) {
            readiness = new ReadinessWatch(spec.ready(), checks.active(spec.ready(), spec, env), spec.readyTimeout(),
                    loop, onReady, onNotReady);
        }
        ActiveCheck health = spec.healthcheck() == null ? null : checks.active(spec.healthcheck(), spec, env);
        ServiceOutput output = open(spec);
        try {
            SpawnRequest.Builder request = SpawnRequest.builder(spec.command())
                    .environment(env)
                    .directory(spec.directory())
                    .user(spec.user())
                    .stdout(output.stdout())
                    .stderr(output.stderr());
            if (spec.umask() != null) {
                request.umask(spec.umask());
            }
            if (readiness != null) {
                readiness.prepare(request, output);
            }
            Child child = kernel.spawn(request.build());
            return new Run(generation, spec, child, output, readiness, health, loop);
        } catch (IOException | RuntimeException e) {
            if (readiness != null) {
                readiness.close();
            }
            output.close();
            throw e;
        }
    }

    /** Whether a process can be started now: its output has somewhere to go. */
    boolean ready() {
        return logs.get() != null;
    }

    private ServiceOutput open(ServiceSpec spec) throws IOException {
        ServiceLogs current = logs.get();
        if (current == null) {
            // The engine waits for the logs bundle before it spawns; this is the race where it left.
            throw new IOException("the logs bundle is not running");
        }
        return current.open(spec);
    }
}
