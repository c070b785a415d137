package dev.capstan.process.linux;

import dev.capstan.process.Child;
import dev.capstan.process.ExitStatus;
import dev.capstan.process.InputPipe;
import dev.capstan.process.Signal;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A child in the process table: its pid, whether it was reaped, its exit to come, and the pipes
 * the kernel reads and writes for it.
 */
final class LinuxChild implements Child {

    private final int pid;
    private final ProcessTable table;
    private final List<PipeIo.Pipe> output;
    private final LinuxInputPipe stdin;
    private final CompletableFuture<ExitStatus> exit = new CompletableFuture<>();
    /** Guarded by the table's lock: once set, the pid may belong to another process. */
    boolean reaped;

    /**
     * @param output its output pipes, read by the kernel
     * @param stdin  the write end of its stdin, or null
     */
    LinuxChild(int pid, ProcessTable table, List<PipeIo.Pipe> output, LinuxInputPipe stdin) {
        this.pid = pid;
        this.table = table;
        this.output = List.copyOf(output);
        this.stdin = stdin;
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

    @Override
    public Optional<InputPipe> stdin() {
        return Optional.ofNullable(stdin);
    }

    List<PipeIo.Pipe> output() {
        return output;
    }

    /** Ends its stdin pipe, if it has one, when nothing will read it any more. */
    void closeStdin() {
        if (stdin != null) {
            stdin.childReaped();
        }
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
    public boolean hasGroup() {
        return table.kill(this, 0, true);
    }

    @Override
    public String toString() {
        return "pid " + pid;
    }
}
