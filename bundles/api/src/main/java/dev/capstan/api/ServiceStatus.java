package dev.capstan.api;

import dev.capstan.process.ExitStatus;
import java.time.Instant;

/**
 * A snapshot of one service, as {@code status} shows it.
 *
 * @param spec        the service's current definition
 * @param origin      where it was defined: a file path, {@code bundle <symbolic name>}, or a PID
 * @param state       its state
 * @param pid         its pid while it has a process, else 0
 * @param since       when it entered this state
 * @param startedAt   when its current or last process was spawned, else null
 * @param ready       whether its readiness check passed (true once RUNNING when it has none)
 * @param lastExit    how its last process ended, else null
 * @param tries       failed starts in the current run of failures
 * @param description why it is in this state, in words: a spawn error, the dependency it waits
 *                    for, "Exited too quickly"; empty when there is nothing to say
 * @param restarts    processes started after its first one, whatever the cause (its own end, a
 *                    retry, a failed health check, an operator's restart), since it was defined
 * @param spawnFailures starts that made no process (the command could not be executed), since it
 *                    was defined
 */
public record ServiceStatus(
        ServiceSpec spec,
        String origin,
        ServiceState state,
        int pid,
        Instant since,
        Instant startedAt,
        boolean ready,
        ExitStatus lastExit,
        int tries,
        String description,
        int restarts,
        int spawnFailures) {

    public String name() {
        return spec.name();
    }

    public String fullName() {
        return spec.fullName();
    }
}
