package dev.capstan.engine.readiness;

import dev.capstan.api.Probe;
import dev.capstan.api.ServiceSpec;
import dev.capstan.process.ProcessKernel;
import dev.capstan.process.SpawnRequest;
import dev.capstan.process.Stdio;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;

/** Makes the active check behind a probe. */
public final class Checks {
    private final ProcessKernel kernel;
    private final Executor blocking;
    private final ScheduledExecutorService scheduler;

    /**
     * @param blocking  a small pool for connects and HTTP requests, which block
     * @param scheduler the engine's scheduler, for timeouts
     */
    public Checks(ProcessKernel kernel, Executor blocking, ScheduledExecutorService scheduler) {
        this.kernel = kernel;
        this.blocking = blocking;
        this.scheduler = scheduler;
    }

    /**
     * @param environment the service's own environment, which an {@code exec:} check gets too
     * @return the check, or null for {@code notify:} and {@code log:}, which the service itself triggers
     */
    public ActiveCheck active(Probe probe, ServiceSpec spec, Map<String, String> environment) {
        if (probe instanceof Probe.Tcp tcp) {
            return new TcpCheck(tcp.host(), tcp.port(), blocking);
        }
        if (probe instanceof Probe.Http http) {
            return new HttpCheck(http.uri(), blocking);
        }
        if (probe instanceof Probe.Exec exec) {
            SpawnRequest.Builder b = SpawnRequest.builder(exec.argv())
                    .environment(environment)
                    .directory(spec.directory())
                    .user(spec.user())
                    // A check that runs every few seconds must not fill the console.
                    .stdout(Stdio.devNull())
                    .stderr(Stdio.devNull());
            if (spec.umask() != null) {
                b.umask(spec.umask());
            }
            return new ExecCheck(kernel, b.build(), scheduler);
        }
        return null;
    }
}
