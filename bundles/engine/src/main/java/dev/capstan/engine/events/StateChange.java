package dev.capstan.engine.events;

import dev.capstan.api.ServiceSpec;
import dev.capstan.api.ServiceState;
import dev.capstan.process.ExitStatus;

/**
 * One transition of one service, as it is posted and logged.
 *
 * @param spec        the service
 * @param from        the state it left
 * @param to          the state it entered
 * @param pid         its process while it has one, else 0
 * @param exit        how its process ended when that caused the transition, else null
 * @param expected    whether that exit was one of its exit codes (meaningful with {@code exit})
 * @param tries       failed starts in the current run of failures
 * @param description why, in words; empty when there is nothing to say
 */
public record StateChange(
        ServiceSpec spec,
        ServiceState from,
        ServiceState to,
        int pid,
        ExitStatus exit,
        boolean expected,
        int tries,
        String description) {
}
