package dev.capstan.process.linux;

import static dev.capstan.process.linux.Sh.sh;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.capstan.process.Child;
import dev.capstan.process.ExitStatus;
import dev.capstan.process.Signal;
import dev.capstan.process.Stdio;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A child's exit is reported after everything it wrote before exiting reached its handlers, so a
 * consumer that finishes a last unterminated line at the exit never cuts a line in two.
 */
class ExitAfterOutputTest extends KernelPerClass {

    private static final int RUNS = 40;
    private static final int LINES = 300;

    /**
     * Each echo is one small write, so the pipe is read in short reads whose re-arm waits; the
     * background sleep holds the pipe open, so the pipe's end does not come before the exit.
     */
    @Test
    void everyByteWrittenBeforeTheExitIsHandedOverBeforeTheExitCompletes() throws Exception {
        StringBuilder expected = new StringBuilder();
        for (int i = 0; i < LINES; i++) {
            expected.append("line ").append(i).append('\n');
        }
        for (int run = 0; run < RUNS; run++) {
            Collector out = new Collector();
            Child child = kernel.spawn(sh("sleep 30 & i=0; while [ $i -lt $1 ]; do echo line $i; i=$((i+1)); done", LINES)
                    .stdout(Stdio.pipe(out)).build());
            try {
                String atExit = child.exit().thenApply(status -> status + "\n" + out.snapshot())
                        .toCompletableFuture().get(20, TimeUnit.SECONDS);
                assertEquals(ExitStatus.exited(0) + "\n" + expected, atExit, "run " + run);
            } finally {
                child.signalGroup(Signal.KILL);
            }
            out.bytes();
        }
    }
}
