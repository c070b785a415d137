package dev.capstan.launcher;

import dev.capstan.container.ConsoleWriter;
import dev.capstan.container.Container;
import dev.capstan.process.ProcessKernel;
import dev.capstan.process.linux.LinuxProcessKernel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.stream.Stream;
import org.osgi.framework.BundleException;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.launch.Framework;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code capstan [-c FILE|DIR] [--socket PATH] [--shell] [--check [--json]] [--version] [--help]
 * [-- CMD ARG...]}.
 *
 * <p>Exit codes: the code a shutdown asked for (0 for SIGTERM and SIGINT, a service's code for
 * {@code exit_on_end} and {@code on_fatal}, the CMD's), 1 when the framework failed, 2 for a bad
 * command line or a configuration that does not read (also for {@code --check}, which exits 0
 * otherwise); with an s6-overlay tree, what s6-overlay's exit code file holds at the end.
 */
public final class Main {
    /** How long the exit waits for the console to take the last lines. */
    private static final Duration EXIT_FLUSH = Duration.ofMillis(500);

    private Main() {
    }

    public static void main(String[] args) {
        Options options;
        try {
            options = Options.parse(List.of(args));
        } catch (IllegalArgumentException e) {
            System.err.println("capstan: " + e.getMessage());
            System.err.println(Options.USAGE);
            System.exit(2);
            return;
        }
        if (options.help()) {
            System.out.println(Options.USAGE);
            return;
        }
        if (options.version()) {
            System.out.println("capstan " + version());
            return;
        }
        int code = options.check() ? check(options) : run(options);
        flushConsole();
        System.exit(code);
    }

    /**
     * The console writer's thread does not keep the JVM: before it exits, the last lines (the
     * shutdown's) get a moment to be written, and no more, since nobody may be reading.
     */
    static void flushConsole() {
        try {
            ConsoleWriter.ofProcess().awaitDrained(EXIT_FLUSH);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static String version() {
        String v = Main.class.getPackage().getImplementationVersion();
        return v == null ? "(development build)" : v;
    }

    /** {@code --check}: the configuration read by the config bundle's own reader, no framework, no kernel. */
    private static int check(Options options) {
        Distribution dist = Distribution.locate();
        Path config = (options.config() != null ? options.config() : defaultConfig(dist)).toAbsolutePath();
        try {
            return CheckLoader.check(dist, config, options.json(), System.out, System.err);
        } catch (IllegalStateException e) {
            System.err.println("capstan: " + e.getMessage());
            return 2;
        }
    }

    private static int run(Options options) {
        long t0 = System.nanoTime();
        Distribution dist = Distribution.locate();
        Path config = (options.config() != null ? options.config() : defaultConfig(dist)).toAbsolutePath();
        if (!Files.isReadable(config)) {
            System.err.println("capstan: " + config + ": no such file or not readable");
            return 2;
        }
        if (!dist.looksInstalled()) {
            System.err.println("capstan: " + dist.bundles() + ": missing; is capstan.home (" + dist.home() + ") a distribution?");
            return 2;
        }
        Map<String, String> props = new HashMap<>();
        props.put("capstan.config", config.toString());
        props.put("capstan.home", dist.home().toString());
        props.put("capstan.version", version());
        if (options.socket() != null) {
            props.put("capstan.socket", options.socket().toAbsolutePath().toString());
        }
        if (!options.command().isEmpty()) {
            // NUL cannot occur in an argument, so it separates them losslessly.
            props.put("capstan.cmd", String.join("\0", options.command()));
        }
        OverlayFiles overlay = null;
        if (Files.isDirectory(config)) {
            overlay = new OverlayFiles(Path.of("/run"));
            List<String> halt = new ArrayList<>(List.of(dist.home().resolve("bin/capstanctl").toString()));
            if (options.socket() != null) {
                halt.addAll(List.of("-s", options.socket().toAbsolutePath().toString()));
            }
            halt.add("shutdown");
            overlay.prepare(System.getenv(), halt);
        }

        // One cache per process, cleaned by Felix at init and deleted at exit. Named by pid rather
        // than by Files.createTempDirectory, which costs a SecureRandom on the boot path.
        Path cache = cacheRoot().resolve("capstan-felix-" + ProcessHandle.current().pid());
        try {
            return supervise(options, dist, config, props, cache, overlay, t0);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        } finally {
            deleteTree(cache);
        }
    }

    /** Boots the kernel and the framework, runs until the framework stops, returns the exit code. */
    private static int supervise(Options options, Distribution dist, Path config, Map<String, String> props, Path cache,
            OverlayFiles overlay, long t0) throws InterruptedException {
        // Binding the native calls takes a few hundred ms and needs nothing else: it runs while
        // the framework initialises and starts its bundles, and the kernel joins the framework as
        // a service when it is ready (the engine waits for it, nothing before the engine does).
        // Logging is set up first, on this thread: a first log call from the kernel's thread
        // while it is being set up would be queued and replayed, with a warning on the console.
        Logger log = LoggerFactory.getLogger(Main.class);
        CompletableFuture<LinuxProcessKernel> kernelStart = CompletableFuture.supplyAsync(LinuxProcessKernel::start);
        long pid = ProcessHandle.current().pid();
        log.info("capstan {} starting as pid {}{}, configuration {}", version(), pid, pid == 1 ? " (container init)" : "",
                config);
        Framework fw = FrameworkBoot.create(dist, cache, props);
        ContainerControl control = new ContainerControl(fw, code -> {
            try {
                closeKernel(kernelStart);
                deleteTree(cache);
                flushConsole();
            } finally {
                Runtime.getRuntime().halt(code);
            }
        }, overlay);
        // System.exit from a bundle: the services still stop in order before the JVM goes.
        Runtime.getRuntime().addShutdownHook(new Thread(control::onJvmExit, "capstan-exit"));
        fw.getBundleContext().registerService(Container.class, control, null);
        SignalRelay.start(control::onSignal);
        kernelStart.whenComplete((kernel, failure) -> {
            if (failure != null) {
                Throwable cause = failure instanceof CompletionException wrapped ? wrapped.getCause() : failure;
                log.error("the process kernel did not start: {}", cause.getMessage(), cause);
                control.shutdown(1);
            } else {
                fw.getBundleContext().registerService(ProcessKernel.class, kernel, null);
            }
        });
        try {
            FrameworkBoot.installBundles(fw, dist);
            fw.start();
        } catch (BundleException e) {
            log.error("boot failed: {}", e.getMessage(), e);
            control.shutdown(1);
        }
        log.info("started in {} ms", (System.nanoTime() - t0) / 1_000_000);
        if (options.shell()) {
            ConsoleShell.start(config, options.socket(), dist);
        }
        FrameworkEvent stopped = fw.waitForStop(0);
        int code = control.exitCode(stopped.getType() == FrameworkEvent.ERROR ? 1 : 0);
        control.finished();
        closeKernel(kernelStart);
        log.info("stopped, exit code {}", code);
        return code;
    }

    /**
     * Kills and reaps whatever is left. A kernel that failed to start, or has not finished
     * starting (a shutdown that gave up during the boot), has started nothing to kill.
     */
    private static void closeKernel(CompletableFuture<LinuxProcessKernel> kernelStart) {
        if (kernelStart.isDone() && !kernelStart.isCompletedExceptionally()) {
            kernelStart.join().close();
        }
    }

    /**
     * Without {@code -c}: the distribution's etc/capstan.conf, else where s6-overlay's files live
     * ({@link OverlayFiles#find}); when neither exists, the former, so the error names it.
     */
    private static Path defaultConfig(Distribution dist) {
        Path own = dist.defaultConfig();
        Path overlay = Files.exists(own) ? null : OverlayFiles.find(Path.of("/"));
        return overlay != null ? overlay : own;
    }

    /**
     * Where the framework cache goes: a few hundred small files that live as long as the
     * process, so on tmpfs ({@code /dev/shm}, there in containers) when it can be written, else in
     * java.io.tmpdir. Creating them on a disk filesystem slows the boot (BENCHMARKS.md).
     * Only the cache: /dev/shm is often noexec, and jffi loads its library from java.io.tmpdir.
     */
    private static Path cacheRoot() {
        Path shm = Path.of("/dev/shm");
        return Files.isDirectory(shm) && Files.isWritable(shm) ? shm : Path.of(System.getProperty("java.io.tmpdir"));
    }

    private static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return; // the framework failed before it made its cache
        }
        try (Stream<Path> s = Files.walk(root)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
