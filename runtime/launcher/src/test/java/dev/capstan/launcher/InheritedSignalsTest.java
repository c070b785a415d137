package dev.capstan.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.capstan.process.Child;
import dev.capstan.process.ExitStatus;
import dev.capstan.process.OutputHandler;
import dev.capstan.process.Signal;
import dev.capstan.process.SpawnRequest;
import dev.capstan.process.Stdio;
import dev.capstan.process.linux.LinuxProcessKernel;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * Capstan started with its signals ignored ({@code trap '' ...; exec}, {@code nohup}) handles them
 * all the same, as supervisord does. The relay runs in a JVM of its own, started by the kernel
 * (this JVM reaps, so it starts no process through the JDK).
 */
class InheritedSignalsTest {

    /** HUP 1, INT 2, QUIT 3, USR1 10, USR2 12, TERM 15: the mask /proc/PID/status shows as SigIgn. */
    private static final long IGNORED = bit(1) | bit(2) | bit(3) | bit(10) | bit(12) | bit(15);

    @Test
    void signalsInheritedIgnoredAreHandled() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // _JAVA_SR_SIGNUM frees USR2 as bin/capstan does; HotSpot takes QUIT for thread dumps whatever it inherits.
        SpawnRequest request = SpawnRequest.builder(List.of("/bin/sh", "-c",
                        "trap '' HUP INT QUIT USR1 USR2 TERM; exec \"$0\" -cp \"$1\" " + IgnoredSignalsFixture.class.getName(),
                        java, System.getProperty("java.class.path")))
                .environment(Map.of("_JAVA_SR_SIGNUM", "39"))
                .stdout(Stdio.pipe(new Lines())).stderr(Stdio.sameAsStdout())
                .build();
        try (LinuxProcessKernel kernel = LinuxProcessKernel.start()) {
            Lines out = (Lines) ((Stdio.Pipe) request.stdout()).handler();
            Child fixture = kernel.spawn(request);
            try {
                out.await(s -> s.contains("fixture ready\n"), fixture);
                String text = out.text();
                long atStart = mask(text, "fixture ignored at start ");
                assertEquals(IGNORED & ~bit(3), atStart, "inherited ignored (HotSpot catches QUIT regardless): " + text);
                assertEquals(0, mask(text, "fixture ignored after start "), "ignored once the relay started: " + text);
                for (Signal s : List.of(Signal.HUP, Signal.INT, Signal.USR1, Signal.USR2)) {
                    assertTrue(fixture.signal(s));
                    out.await(t -> t.contains("fixture relayed " + s + "\n"), fixture);
                }
                assertTrue(fixture.signal(Signal.TERM));
                ExitStatus status = fixture.exit().toCompletableFuture().get(30, TimeUnit.SECONDS);
                assertEquals(ExitStatus.exited(0), status, out.text());
                assertTrue(out.text().contains("fixture relayed TERM\n"), out.text());
                assertTrue(out.text().contains("SIGTERM was inherited as ignored; Capstan handles it"), out.text());
            } finally {
                fixture.signal(Signal.KILL);
            }
        }
    }

    private static long mask(String text, String prefix) {
        return text.lines().filter(l -> l.startsWith(prefix)).findFirst()
                .map(l -> Long.parseUnsignedLong(l.substring(prefix.length()), 16))
                .orElseThrow(() -> new AssertionError("no line " + prefix + " in:\n" + text));
    }

    private static long bit(int signal) {
        return 1L << (signal - 1);
    }

    /** The fixture's output so far. */
    private static final class Lines implements OutputHandler {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        @Override
        public void onOutput(ByteBuffer buffer) {
            byte[] chunk = new byte[buffer.remaining()];
            buffer.get(chunk);
            bytes.write(chunk, 0, chunk.length);
        }

        @Override
        public void onEnd() {
        }

        String text() {
            return bytes.toString(StandardCharsets.UTF_8);
        }

        /** Waits up to 30 s for the output to satisfy {@code condition}, failing with it otherwise. */
        void await(Predicate<String> condition, Child fixture) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!condition.test(text())) {
                if (System.nanoTime() > deadline || fixture.exit().toCompletableFuture().isDone()) {
                    throw new AssertionError("fixture output:\n" + text());
                }
                Thread.sleep(10);
            }
        }
    }
}
