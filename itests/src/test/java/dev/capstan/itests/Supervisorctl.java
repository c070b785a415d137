package dev.capstan.itests;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** Debian's real {@code /usr/bin/supervisorctl} (never Capstan's bin/supervisorctl): its output and exit code. */
final class Supervisorctl {

    record Result(int exit, String output) {
    }

    private final List<String> options;

    /** @param options e.g. {@code -c FILE}, or {@code -s http://host:port -u user -p password} */
    Supervisorctl(String... options) {
        this.options = List.of(options);
    }

    Result run(String... args) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command(args)).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("supervisorctl " + String.join(" ", args) + " did not finish");
        }
        return new Result(p.exitValue(), out);
    }

    /**
     * Runs a command that does not end by itself ({@code tail -f}) until its output satisfies
     * {@code until}, then interrupts it as Ctrl-C does; its whole output.
     */
    String interrupted(Path outputFile, Predicate<String> until, String what, Action meanwhile, String... args)
            throws Exception {
        Process p = new ProcessBuilder(command(args)).redirectErrorStream(true).redirectOutput(outputFile.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        try {
            await(p, outputFile, s -> s.contains("==> Press Ctrl-C to exit <=="), "supervisorctl to start following");
            meanwhile.run();
            await(p, outputFile, until, what);
        } finally {
            new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).inheritIO().start().waitFor();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
        return Files.readString(outputFile);
    }

    /** What a test does while a command follows. */
    interface Action {
        void run() throws Exception;
    }

    private static void await(Process p, Path file, Predicate<String> until, String what) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!until.test(Files.readString(file))) {
            if (!p.isAlive() || System.nanoTime() > deadline) {
                throw new AssertionError("waiting for " + what + "; supervisorctl wrote:\n" + Files.readString(file));
            }
            Thread.sleep(50);
        }
    }

    private List<String> command(String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add("/usr/bin/supervisorctl");
        cmd.addAll(options);
        cmd.addAll(List.of(args));
        return cmd;
    }
}
