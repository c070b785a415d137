package dev.capstan.process;

import java.util.concurrent.CompletionStage;

/** A started child process. The handle stays valid after the child is reaped. */
public interface Child {

    /** Its pid, which is also its process group and session id. */
    int pid();

    /**
     * Completes once, when the reaper collected the child. Completed on the kernel's dispatch
     * executor (never on the reaper thread), so dependent actions may take locks and spawn.
     */
    CompletionStage<ExitStatus> exit();

    /**
     * Sends a signal to the child alone. Never reaches a later process that reuses the pid.
     *
     * @return false when it was already reaped
     * @throws IllegalStateException when the system refuses the signal (EPERM)
     */
    boolean signal(Signal signal);

    /**
     * Sends a signal to every process in the child's group, grandchildren included.
     * Works after the child itself was reaped, as long as the group has members.
     *
     * @return false when the group has no member left
     * @throws IllegalStateException when the system refuses the signal (EPERM)
     */
    boolean signalGroup(Signal signal);
}
