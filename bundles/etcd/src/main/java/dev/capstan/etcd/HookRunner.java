package dev.capstan.etcd;

import dev.capstan.process.Child;
import dev.capstan.process.ExitStatus;
import dev.capstan.process.ProcessKernel;
import dev.capstan.process.Signal;
import dev.capstan.process.SpawnException;
import dev.capstan.process.SpawnRequest;
import dev.capstan.process.Stdio;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs a service's hook ({@code SVC/hook}) to its end: {@code /bin/sh -c COMMAND} through the
 * process kernel, in Capstan's directory and environment plus the {@code CAPSTAN_ETCD_*}
 * variables that say where its keys are, its output in Capstan's log line by line. One still
 * running after the hook timeout is killed with its process group.
 */
final class HookRunner {

    private final ProcessKernel kernel;
    private final Duration timeout;

    HookRunner(ProcessKernel kernel, Duration timeout) {
        this.kernel = kernel;
        this.timeout = timeout;
    }

    /**
     * Runs it and waits for it; the calling thread blocks meanwhile.
     *
     * @param keys where the service's keys are: {@code CAPSTAN_ETCD_PREFIX} (the service's own,
     *             {@code PREFIX/SVC/}), {@code CAPSTAN_ETCD_ENDPOINT}, {@code CAPSTAN_ETCD_REVISION}
     * @return null when it exited 0, else why it failed
     */
    String run(String service, String command, Map<String, String> keys) throws InterruptedException {
        Map<String, String> env = new TreeMap<>(System.getenv());
        env.putAll(keys);
        env.put("CAPSTAN_SERVICE", service);
        // etcdctl in the hook reads the same etcd, at the same revision when asked with --rev.
        env.put("ETCDCTL_ENDPOINTS", keys.get("CAPSTAN_ETCD_ENDPOINT"));
        Child child;
        try {
            child = kernel.spawn(SpawnRequest.builder(List.of("/bin/sh", "-c", command)).environment(env)
                    .stdout(Stdio.pipe(new HookOutput(service))).stderr(Stdio.sameAsStdout()).build());
        } catch (SpawnException e) {
            return "could not start: " + e.getMessage();
        }
        try {
            ExitStatus exit = child.exit().toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return exit.exited() && exit.code() == 0 ? null : exit.toString();
        } catch (TimeoutException e) {
            child.signalGroup(Signal.KILL);
            return "still running after " + timeout.toSeconds() + " s: killed";
        } catch (ExecutionException e) {
            return e.getCause().getMessage();
        } catch (InterruptedException e) {
            child.signalGroup(Signal.KILL);
            throw e;
        }
    }
}
