package dev.capstan.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Capstan as a container's PID 1, in a new PID namespace made by
 * {@code unshare --fork --pid --mount-proc} (the way the container case is tested here, with no
 * Docker engine): orphans re-parented to it are reaped, and {@code kill -TERM 1} from inside
 * stops everything and exits 0.
 */
class Pid1IT {

    @BeforeAll
    static void needsRootAndUnshare() {
        assumeTrue(Procfs.isRoot(), "PID namespaces need root");
        assumeTrue(Procfs.onPath("unshare"), "unshare (util-linux) is not installed");
    }

    @Test
    void reapsOrphansAndStopsOnTermToPid1() throws Exception {
        Path conf = CapstanProcess.WORK.resolve("pid1.conf");
        Files.createDirectories(conf.getParent());
        Files.writeString(conf, String.join("\n",
                "[program:orphans]",
                "; each inner sh exits at once, so its sleep is re-parented to PID 1",
                "command = sh -c 'for i in $(seq 1 50); do sh -c \"sleep 0.2 &\"; done; echo spawned-orphans; exec sleep infinity'",
                "",
                "[program:stopper]",
                "command = sh -c 'sleep 3; echo \"stopper: kill -TERM 1\"; kill -TERM 1; exec sleep infinity'",
                ""));
        try (CapstanProcess c = CapstanProcess.start("pid1", List.of("unshare", "--fork", "--pid", "--mount-proc"), "-c", conf.toString())) {
            c.awaitOutput(out -> out.contains("spawned-orphans"), Duration.ofSeconds(30), "the orphans to be made");
            String out = c.output();
            assertTrue(out.contains("as pid 1 (container init)"), "Capstan is not PID 1:\n" + out);

            long capstan = Procfs.children(c.pid()).get(0);
            assertTrue(Procfs.cmdline(capstan).contains("dev.capstan.launcher.Main"), Procfs.cmdline(capstan));
            assertTrue(noZombieWithin(capstan, Duration.ofSeconds(3)), "zombies left under Capstan");

            assertEquals(0, c.awaitExit(Duration.ofSeconds(15)), "exit code after kill -TERM 1:\n" + c.output());
            assertTrue(c.output().contains("stopper: kill -TERM 1"), c.output());
            assertFalse(c.isAlive());
        }
    }

    /** Waits for every orphan (sleep 0.2) to be gone and no child of Capstan to be a zombie. */
    private static boolean noZombieWithin(long pid, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Thread.sleep(200);
            boolean clean = true;
            for (long child : Procfs.children(pid)) {
                if ("Z".equals(Procfs.state(child)) || Procfs.cmdline(child).equals("sleep 0.2")) {
                    clean = false;
                }
            }
            if (clean) {
                return true;
            }
        }
        return false;
    }
}
