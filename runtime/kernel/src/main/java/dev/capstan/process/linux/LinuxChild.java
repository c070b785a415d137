package dev.capstan.process.linux;

import dev.capstan.process.Child;
import dev.capstan.process.ExitStatus;
import dev.capstan.process.Signal;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** A child in the process table: its pid, whether it was reaped, and its exit to come. */
final class LinuxChild implements Child {

    private final int pid;
    private final ProcessTable table;
    private final CompletableFuture<ExitStatus> exit = new CompletableFuture<>();
    /** Guarded by the table's lock: once set, the pid may belong to another process. */
    boolean reaped;

    LinuxChild(int pid, ProcessTable table) {
        this.pid = pid;
        this.table = table;
    }

    @Override
    public int pid() {
        return pid;
    }

    /** A read-only view, so no caller can complete the exit for the reaper. */
    @Override
    public CompletionStage<ExitStatus> exit() {
        return exit.minimalCompletionStage();
    }

    void exited(ExitStatus status) {
        exit.complete(status);
    }

    /** @throws IllegalStateException when kill fails for another reason than a missing process */
    @Override
    public boolean signal(Signal signal) {
        return table.kill(this, signal.number(), false);
    }

    /** @throws IllegalStateException when kill fails for another reason than an empty group */
    @Override
    public boolean signalGroup(Signal signal) {
        return table.kill(this, signal.number(), true);
    }

    @Override
    public String toString() {
        return "pid " + pid;
    }
}
