package dev.capstan.engine.readiness;

import dev.capstan.process.Child;
import dev.capstan.process.ProcessKernel;
import dev.capstan.process.Signal;
import dev.capstan.process.SpawnException;
import dev.capstan.process.SpawnRequest;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * {@code exec:COMMAND}: passes when the command exits 0. It runs through the process kernel like
 * any service (never {@code java.lang.Process}: docs/decisions.md, "No JDK processes"), with
 * the service's environment, directory and user; its group is killed when it runs out of time.
 */
final class ExecCheck implements ActiveCheck {
    private final ProcessKernel kernel;
    private final SpawnRequest request;
    private final ScheduledExecutorService scheduler;

    ExecCheck(ProcessKernel kernel, SpawnRequest request, ScheduledExecutorService scheduler) {
        this.kernel = kernel;
        this.request = request;
        this.scheduler = scheduler;
    }

    @Override
    public CompletableFuture<CheckResult> attempt(Duration timeout) {
        Child child;
        try {
            child = kernel.spawn(request);
        } catch (SpawnException e) {
            return CompletableFuture.completedFuture(CheckResult.failed(e.getMessage()));
        }
        CompletableFuture<CheckResult> result = new CompletableFuture<>();
        ScheduledFuture<?> timer = scheduler.schedule(() -> {
            if (result.complete(CheckResult.failed(request + ": no answer within " + timeout.toMillis() + " ms"))) {
                child.signalGroup(Signal.KILL);
            }
        }, timeout.toNanos(), TimeUnit.NANOSECONDS);
        child.exit().whenComplete((status, error) -> {
            timer.cancel(false);
            if (status != null && status.exited() && status.code() == 0) {
                result.complete(CheckResult.PASSED);
            } else {
                result.complete(CheckResult.failed(request + ": " + (status != null ? status : error)));
            }
        });
        return result;
    }
}
