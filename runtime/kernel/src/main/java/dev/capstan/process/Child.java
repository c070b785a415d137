package dev.capstan.process;

import java.util.Optional;
import java.util.concurrent.CompletionStage;

/** A started child process. The handle stays valid after the child is reaped. */
public interface Child {

    /** Its pid, which is also its process group and session id. */
    int pid();

    /**
     * Completes once, when the reaper collected the child and its output pipes hold nothing more
     * it wrote: every byte the child wrote to them before it exited has been handed to their
     * handlers (unless a handler takes more than a second over it). Output of processes the child
     * left behind that still hold a pipe may come later, and so may each handler's {@code onEnd}.
     * Completed on the kernel's dispatch executor (never on the reaper thread), so dependent
     * actions may take locks and spawn.
     */
    CompletionStage<ExitStatus> exit();

    /** The write end of its stdin when that was {@link Stdio#input}; empty otherwise. */
    Optional<InputPipe> stdin();

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

    /**
     * Whether the child's group still has a member (one that exited and was not reaped yet
     * counts), the child itself or what it left behind. Sends nothing.
     *
     * @throws IllegalStateException when the system refuses to say (EPERM)
     */
    boolean hasGroup();
}
