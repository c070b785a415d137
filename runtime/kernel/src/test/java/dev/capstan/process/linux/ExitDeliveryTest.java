package dev.capstan.process.linux;

import static dev.capstan.process.linux.Sh.exit;
import static dev.capstan.process.linux.Sh.sh;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.capstan.process.Child;
import dev.capstan.process.ExitStatus;
import dev.capstan.process.Stdio;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each exit, and each byte of output, reaches the child it belongs to. */
class ExitDeliveryTest extends KernelPerClass {

    private static final int CHILDREN = 1000;
    private static final int[] SIGNALS = {9, 15, 10, 1, 2}; // KILL TERM USR1 HUP INT: none dumps core

    @Test
    void thousandExitsAndOutputsGoToTheirOwners() throws Exception {
        long readersBefore = readerThreads();
        List<Child> children = new ArrayList<>();
        List<Collector[]> outputs = new ArrayList<>();
        for (int i = 0; i < CHILDREN; i++) {
            Collector out = new Collector();
            Collector err = new Collector();
            String script = i % 5 == 4 ? "echo $1; echo $1 >&2; kill -$2 $$" : "echo $1; echo $1 >&2; exit $2";
            children.add(kernel.spawn(sh(script, i, expected(i).exited() ? i % 256 : SIGNALS[(i / 5) % 5])
                    .stdout(Stdio.pipe(out)).stderr(Stdio.pipe(err)).build()));
            outputs.add(new Collector[] {out, err});
        }

        for (int i = 0; i < CHILDREN; i++) {
            assertEquals(expected(i), exit(children.get(i)), "child " + i);
            assertEquals(i + "\n", outputs.get(i)[0].text(), "stdout of child " + i);
            assertEquals(i + "\n", outputs.get(i)[1].text(), "stderr of child " + i);
        }
        assertEquals(42, exit(children.get(42)).code());
        assertEquals(9, exit(children.get(4)).signal());
        assertEquals(0, readersBefore, "reader threads before the first pipe");
        assertEquals(PipeIo.THREADS, readerThreads(), "reader threads after 2000 pipes");
    }

    private static ExitStatus expected(int i) {
        return i % 5 == 4 ? ExitStatus.killed(SIGNALS[(i / 5) % 5], false) : ExitStatus.exited(i % 256);
    }

    /** The reader threads, capstan-pipe-1 to -N (the re-arm timer is one more, whatever the pipes). */
    private static long readerThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().matches("capstan-pipe-\\d+")).count();
    }
}
