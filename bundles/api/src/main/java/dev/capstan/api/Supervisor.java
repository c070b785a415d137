package dev.capstan.api;

import dev.capstan.process.Signal;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * The supervision engine, as a service. The shell, the control socket, the configuration readers
 * and the bundle extender all act on services through it. Thread-safe; no method blocks for a
 * process: the ones that wait return a stage that completes on the engine's thread (do not block
 * in callbacks chained to it).
 *
 * <p>Names are process names ({@code web}, {@code worker_00}) or full names
 * ({@code worker:worker_00}). A request for an unknown name fails with {@link Fault#BAD_NAME}.
 */
public interface Supervisor {

    /** Every defined service, in start order (priority, then dependencies, then name). */
    List<ServiceStatus> services();

    Optional<ServiceStatus> service(String name);

    /**
     * Starts a service and completes when it is RUNNING and ready. Fails with
     * {@link Fault#ALREADY_STARTED}, {@link Fault#SPAWN_ERROR} (it could not start, or went FATAL),
     * or {@link Fault#ABNORMAL_TERMINATION} (it died while starting).
     */
    CompletionStage<ServiceStatus> start(String name);

    /** Stops a service and completes once it is in a stopped state ({@link Fault#NOT_RUNNING} if it was). */
    CompletionStage<ServiceStatus> stop(String name);

    /** Stops, then starts; completes as {@link #start} does. */
    CompletionStage<ServiceStatus> restart(String name);

    /** Sends a signal to a running service's process ({@link Fault#NOT_RUNNING} if it has none). */
    void signal(String name, Signal signal);

    /**
     * Writes to a running service's stdin pipe ({@code stdin_pipe = true}), or queues what the
     * pipe cannot take yet; never blocks.
     *
     * @throws SupervisorException {@link Fault#NOT_RUNNING} when it has no process or is stopping,
     *         {@link Fault#NO_FILE} when its stdin is no pipe of Capstan's or the process closed it,
     *         {@link Fault#FAILED} when the bytes do not fit in what the pipe still queues
     */
    void sendStdin(String name, byte[] bytes);

    /**
     * Adds a service or replaces its definition. A new service starts if it is autostart; a
     * changed running service restarts with the new spec; an unchanged one is not touched. It
     * may return before the definition is taken; whatever is asked of the supervisor afterwards
     * sees it.
     *
     * @param origin where the definition came from, shown by {@code status}
     */
    void define(ServiceSpec spec, String origin);

    /** Stops a service and forgets it; completes when it is gone. */
    CompletionStage<Void> remove(String name);
}
