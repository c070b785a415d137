package dev.capstan.process.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.capstan.process.Child;
import dev.capstan.process.ExitStatus;
import dev.capstan.process.SpawnRequest;
import dev.capstan.process.Stdio;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** End to end: the kernel as PID 1 of a PID namespace reaps orphans and stops on TERM. */
class Pid1Test {

    private static final Path UNSHARE = Path.of("/usr/bin/unshare");

    @Test
    void pid1ReapsOrphansAndStopsOnTerm() throws Exception {
        assume(TestPosix.POSIX.geteuid() == 0, "unshare --pid needs root");
        assume(Files.isExecutable(UNSHARE), UNSHARE + " is missing (util-linux)");

        List<String> argv = new ArrayList<>(List.of(UNSHARE.toString(), "--fork", "--pid", "--mount-proc",
                Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        if (Runtime.version().feature() >= 24) {
            argv.addAll(List.of("--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow"));
        }
        argv.addAll(List.of("-cp", System.getProperty("java.class.path"), Pid1Fixture.class.getName()));

        Collector out = new Collector();
        try (LinuxProcessKernel kernel = LinuxProcessKernel.start()) {
            Child unshare = kernel.spawn(SpawnRequest.builder(argv)
                    .environment(Map.of("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin")))
                    .stdout(Stdio.pipe(out))
                    .build());
            ExitStatus status = unshare.exit().toCompletableFuture().get(60, TimeUnit.SECONDS);
            String output = out.text();
            assertEquals(ExitStatus.exited(0), status, output);
            assertEquals(String.join("\n",
                    "pid1 true",
                    "forker exit 0",
                    "orphans " + Pid1Fixture.ORPHANS,
                    "zombies []",
                    "term true",
                    "service terminated by SIGKILL",
                    "left 1", // the fixture itself: everything else was killed and reaped
                    ""), output);
        }
    }

    private static void assume(boolean condition, String why) {
        if (!condition) {
            System.out.println("Pid1Test skipped: " + why);
        }
        assumeTrue(condition, why);
    }
}
