package dev.capstan.bench;

import dev.capstan.process.linux.LinuxProcessKernel;
import java.util.List;

/**
 * {@code bench/micro/run [spawn] [logfile] [engine]}: runs the named benchmarks, or all of them,
 * in one JVM with one process kernel (only one may run in a JVM).
 */
public final class Micro {

    private Micro() {
    }

    public static void main(String[] args) throws Exception {
        List<String> which = args.length == 0 ? List.of("spawn", "logfile", "engine") : List.of(args);
        try (LinuxProcessKernel kernel = LinuxProcessKernel.start()) {
            for (String name : which) {
                switch (name) {
                    case "spawn" -> SpawnCost.run(kernel);
                    case "logfile" -> LogFileThroughput.run(kernel);
                    case "engine" -> EngineTimings.run(kernel);
                    default -> throw new IllegalArgumentException(name + ": expected spawn, logfile or engine");
                }
            }
        }
    }
}
