package dev.capstan.bench;

import dev.capstan.process.Child;
import dev.capstan.process.OutputHandler;
import dev.capstan.process.ProcessKernel;
import dev.capstan.process.SpawnRequest;
import dev.capstan.process.Stdio;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** What a spawn costs the caller when the child's stdout and stderr are pipes the kernel reads. */
final class SpawnCost {

    private static final int CHILDREN = 1000;

    private SpawnCost() {
    }

    static void run(ProcessKernel kernel) throws Exception {
        List<Child> children = new ArrayList<>(CHILDREN);
        long start = System.nanoTime();
        for (int i = 0; i < CHILDREN; i++) {
            children.add(kernel.spawn(SpawnRequest.builder(List.of("/bin/sh", "-c", "echo $1; echo $1 >&2", "sh",
                    Integer.toString(i))).stdout(Stdio.pipe(Discard.INSTANCE)).stderr(Stdio.pipe(Discard.INSTANCE))
                    .build()));
        }
        long perChild = (System.nanoTime() - start) / CHILDREN / 1000;
        for (Child c : children) {
            c.exit().toCompletableFuture().get(60, TimeUnit.SECONDS);
        }
        System.out.printf("kernel: spawn with two pipes: %d us per child (%d children)%n", perChild, CHILDREN);
    }

    /** Output nobody reads. */
    private enum Discard implements OutputHandler {
        INSTANCE;

        @Override
        public void onOutput(ByteBuffer bytes) {
            bytes.position(bytes.limit());
        }

        @Override
        public void onEnd() {
            // nothing kept
        }
    }
}
