package dev.capstan.process.linux;

import static dev.capstan.process.linux.Sh.exit;
import static dev.capstan.process.linux.Sh.sh;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.capstan.process.ExitStatus;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** As a child subreaper, the kernel reaps what services leave behind. */
class OrphanReapingTest extends KernelPerClass {

    @Test
    void thousandDoubleForkedOrphansLeaveNoZombie() throws Exception {
        assertFalse(kernel.isPid1());
        long before = kernel.orphansReaped();
        // Each (true &) is a subshell that backgrounds a child and exits: the child is orphaned.
        String script = "i=0; while [ $i -lt 1000 ]; do (true &); i=$((i+1)); done";
        assertEquals(ExitStatus.exited(0), exit(kernel.spawn(sh(script).build())));

        assertTrue(Proc.await(() -> kernel.orphansReaped() - before >= 1000, Duration.ofSeconds(10)),
                "orphans reaped: " + (kernel.orphansReaped() - before));
        assertEquals(List.of(), Proc.zombieChildren(Proc.SELF), "zombie children of this JVM");
    }
}
