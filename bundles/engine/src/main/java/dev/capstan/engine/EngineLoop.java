package dev.capstan.engine;

import dev.capstan.api.Fault;
import dev.capstan.api.SupervisorException;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's one thread (docs/decisions.md, "The event-driven engine"). Exits, timers and
 * commands are all tasks here, so
 * the state of every service has one owner, needs no lock, and changes in the order its causes
 * arrived. Idle, the thread sleeps in the queue: there is no tick.
 *
 * <p>A task that throws is logged and the loop goes on, since one service's bug must not end
 * the supervision of the others. Tasks arriving after {@link #shutdown()} are dropped: they can
 * only be exits and pipe events of a closed engine.
 */
public final class EngineLoop extends ScheduledThreadPoolExecutor {
    private static final Logger LOG = LoggerFactory.getLogger(EngineLoop.class);

    private volatile Thread thread;

    public EngineLoop() {
        super(1);
        setThreadFactory(r -> {
            Thread t = new Thread(r, "capstan-engine");
            t.setDaemon(true);
            thread = t;
            return t;
        });
        setRemoveOnCancelPolicy(true);
        setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        setRejectedExecutionHandler(new DiscardPolicy());
    }

    /** Whether the caller is the engine thread. */
    public boolean inLoop() {
        return Thread.currentThread() == thread;
    }

    public ScheduledFuture<?> schedule(Duration delay, Runnable task) {
        return schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
    }

    /**
     * Runs {@code task} on the engine thread and returns its result; runs it at once when called
     * from the engine thread (a callback chained to a stage the engine completed).
     */
    public <T> T call(Supplier<T> task) {
        if (inLoop()) {
            return task.get();
        }
        if (isShutdown()) {
            throw closed();
        }
        CompletableFuture<T> result = new CompletableFuture<>();
        execute(() -> {
            try {
                result.complete(task.get());
            } catch (RuntimeException | Error e) {
                result.completeExceptionally(e);
            }
        });
        try {
            while (true) {
                try {
                    return result.get(1, TimeUnit.SECONDS);
                } catch (TimeoutException e) {
                    // A task queued as the engine closed is dropped; do not wait for it forever.
                    if (isTerminated() && !result.isDone()) {
                        throw closed();
                    }
                }
            }
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw (Error) e.getCause();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("interrupted while waiting for the engine");
        }
    }

    /** What a request to a closed engine fails with. */
    static SupervisorException closed() {
        return new SupervisorException(Fault.SHUTDOWN_STATE, "the engine is closed");
    }

    @Override
    protected void afterExecute(Runnable r, Throwable t) {
        super.afterExecute(r, t);
        // The executor keeps a task's exception in its future; read it, or it would vanish.
        if (t == null && r instanceof Future<?> f && f.isDone() && !f.isCancelled()) {
            try {
                f.get();
            } catch (ExecutionException e) {
                t = e.getCause();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (t != null) {
            LOG.error("engine task failed", t);
        }
    }
}
