package dev.capstan.launcher;

import dev.capstan.process.Signal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Run by {@link InheritedSignalsTest} in a JVM started with signals ignored: says which signals
 * it inherited ignored, starts the relay, says which are ignored then, and reports every signal
 * the relay delivers until TERM. Its own lines start with "fixture ", apart from the log's.
 */
public final class IgnoredSignalsFixture {

    private IgnoredSignalsFixture() {
    }

    public static void main(String[] args) throws Exception {
        System.out.println("fixture ignored at start " + sigIgn());
        CountDownLatch term = new CountDownLatch(1);
        SignalRelay.start(s -> {
            System.out.println("fixture relayed " + s);
            if (s == Signal.TERM) {
                term.countDown();
            }
        });
        System.out.println("fixture ignored after start " + sigIgn());
        System.out.println("fixture ready");
        System.exit(term.await(60, TimeUnit.SECONDS) ? 0 : 3);
    }

    private static String sigIgn() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("SigIgn:")) {
                return line.substring(7).trim();
            }
        }
        throw new IllegalStateException("no SigIgn in /proc/self/status");
    }
}
