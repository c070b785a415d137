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
import dev.capstan.process.Stdio;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Turns a spec into a running process: its environment, its output from the logs bundle (or
 * Capstan's own for a {@code foreground} service), the pipes of a producer and its consumer, its
 * pool's listening socket as stdin ({@code [fcgi-program:x]}), the hooks of its readiness check,
 * then the spawn through the kernel. Also the short-lived scripts of a service ({@link #script}:
 * finish, down). Called on the engine thread.
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
    private final Pipes pipes;
    private final Predicate<String> isConsumer;
    private final PoolSockets sockets;

    /**
     * What a {@code stdin_pipe} service's stdin queues beyond what its pipe holds, for a
     * process that does not read yet: supervisord's sendProcessStdin queues without a bound.
     */
    static final int STDIN_QUEUE = 1 << 20;

    /** @param isConsumer whether a service of that name reads a producer's pipe (on the engine thread) */
    RunLauncher(ProcessKernel kernel, Supplier<ServiceLogs> logs, ChildEnvironment environment, Checks checks,
                EngineLoop loop, Pipes pipes, Predicate<String> isConsumer) {
        this.kernel = kernel;
        this.logs = logs;
        this.environment = environment;
        this.checks = checks;
        this.loop = loop;
        this.pipes = pipes;
        this.isConsumer = isConsumer;
        this.sockets = new PoolSockets(kernel);
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
        Runnable release = () -> { };
        try {
            SpawnRequest.Builder request = request(spec, spec.command(), env, output);
            if (spec.producerFor() != null) {
                request.stdout(pipes.into(spec.producerFor()).writeEnd());
            }
            if (isConsumer.test(spec.name())) {
                request.stdin(pipes.into(spec.name()).readEnd());
            } else if (spec.stdinPipe() && !spec.foreground()) {
                request.stdin(Stdio.input(STDIN_QUEUE));
            }
            if (readiness != null) {
                readiness.prepare(request, output);
            }
            if (spec.socket() != null) {
                request.stdin(sockets.acquire(spec.socket()));
                release = () -> sockets.release(spec.socket());
            }
            Child child = kernel.spawn(request.build());
            return new Run(generation, spec, child, output, readiness, health, loop, release);
        } catch (IOException | RuntimeException e) {
            release.run();
            if (readiness != null) {
                readiness.close();
            }
            output.close();
            throw e;
        }
    }

    /**
     * Starts a short-lived script of {@code spec}'s service ({@code finish}, {@code down}) as the
     * service's own process would start: its environment, directory, user, umask and output.
     * After {@code timeout} (zero: never) it gets SIGKILL; {@code onEnd} is called on the engine
     * thread when it was reaped.
     *
     * @throws IOException when it cannot be spawned
     */
    ScriptRun script(ServiceSpec spec, List<String> argv, Duration timeout, ScriptRun.End onEnd) throws IOException {
        ServiceOutput output = open(spec);
        ScriptRun script;
        try {
            script = new ScriptRun(kernel.spawn(request(spec, argv, environment.of(spec), output).build()), output);
        } catch (IOException | RuntimeException e) {
            output.close();
            throw e;
        }
        if (!timeout.isZero()) {
            script.killTimer = loop.schedule(timeout, script::kill);
        }
        script.child.exit().whenCompleteAsync((status, error) -> {
            script.ended();
            onEnd.ended(status);
        }, loop);
        return script;
    }

    private static SpawnRequest.Builder request(ServiceSpec spec, List<String> argv, Map<String, String> env,
            ServiceOutput output) {
        SpawnRequest.Builder request = SpawnRequest.builder(argv)
                .environment(env)
                .directory(spec.directory())
                .user(spec.user())
                .stdout(output.stdout())
                .stderr(output.stderr());
        if (spec.foreground()) {
            request.stdin(Stdio.inherit()); // the container's CMD reads the terminal
        }
        if (spec.umask() != null) {
            request.umask(spec.umask());
        }
        return request;
    }

    /** Whether a process can be started now: its output has somewhere to go. */
    boolean ready() {
        return logs.get() != null;
    }

    private ServiceOutput open(ServiceSpec spec) throws IOException {
        if (spec.foreground()) {
            return ForegroundOutput.INSTANCE;
        }
        ServiceLogs current = logs.get();
        if (current == null) {
            // The engine waits for the logs bundle before it spawns; this is the race where it left.
            throw new IOException("the logs bundle is not running");
        }
        return current.open(spec);
    }
}
