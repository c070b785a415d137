package dev.capstan.process.linux;

import dev.capstan.process.Child;
import dev.capstan.process.ExitStatus;
import dev.capstan.process.SpawnRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Shell one-liners as spawn requests, and waiting for their exit. */
final class Sh {

    private Sh() {
    }

    /** {@code /bin/sh -c script sh args...}: the args are $1, $2, ... */
    static SpawnRequest.Builder sh(String script, Object... args) {
        List<String> argv = new ArrayList<>(List.of("/bin/sh", "-c", script, "sh"));
        for (Object a : args) {
            argv.add(String.valueOf(a));
        }
        return SpawnRequest.builder(argv);
    }

    static ExitStatus exit(Child child) throws Exception {
        return child.exit().toCompletableFuture().get(20, TimeUnit.SECONDS);
    }
}
