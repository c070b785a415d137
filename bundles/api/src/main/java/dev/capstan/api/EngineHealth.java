package dev.capstan.api;

import java.time.Duration;

/**
 * The engine's own vital signs, for health checks and metrics; a service of the engine bundle,
 * beside {@link Supervisor}. Thread-safe; callable from any thread but the engine's own.
 */
public interface EngineHealth {

    /**
     * How long {@code /healthz}, {@code /readyz} and {@code capstanctl health} wait for
     * {@link #responsive}: far above what an engine task takes (microseconds; milliseconds for a
     * batch of a thousand definitions), and short enough for a probe's own timeout of a few seconds.
     */
    Duration HEALTH_TIMEOUT = Duration.ofSeconds(2);

    /**
     * Whether the engine runs its loop: a no-op handed to the engine's thread ran within
     * {@code timeout}. False when that thread is stuck in a task or the engine is closed. Blocks the
     * caller for at most {@code timeout}; callers that come while an earlier answer is pending
     * wait for the same no-op, so a stuck engine does not collect them in its queue.
     */
    boolean responsive(Duration timeout);

    /**
     * Whether the engine's first start pass ran: supervisord's state RUNNING, posted once as
     * {@link ServiceEvents#SUPERVISOR_RUNNING}. A bundle that comes after that event (one updated
     * while Capstan runs) learns it here.
     */
    boolean running();

    /** State changes the engine has posted as events (topics {@link ServiceEvents#TOPIC_PREFIX}*) since it started. */
    long events();
}
