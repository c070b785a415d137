package dev.capstan.events.pool;

import dev.capstan.api.ClaimedStdio;
import dev.capstan.api.LenUnit;
import dev.capstan.api.ServiceSpec;
import dev.capstan.process.Child;
import dev.capstan.process.ExitStatus;
import dev.capstan.process.SpawnRequest;
import dev.capstan.process.Stdio;
import dev.capstan.process.linux.KernelPerClass;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real listener processes (test resource listener.py, under /usr/bin/python3) spawned through the
 * real process kernel with the stdio an {@link EventHub} claims for them, as the engine spawns
 * them.
 */
public abstract class Listeners extends KernelPerClass {

    public static final Path PYTHON = Path.of("/usr/bin/python3");

    @TempDir
    protected Path dir;
    protected EventHub hub;
    private final List<Child> children = new ArrayList<>();

    @BeforeEach
    void newHub() {
        hub = new EventHub(System::currentTimeMillis);
    }

    @AfterEach
    void stopListeners() throws Exception {
        hub.close();
        for (Child c : children) {
            c.signalGroup(dev.capstan.process.Signal.KILL);
        }
        for (Child c : children) {
            c.exit().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }

    public static ServiceSpec listener(String name, String pool, String mode, Path record, List<String> events) {
        return ServiceSpec.builder(name, List.of(PYTHON.toString(), script().toString(), mode, record.toString()))
                .group(pool).events(events).build();
    }

    static ServiceSpec withUnit(ServiceSpec spec, LenUnit unit) {
        return spec.toBuilder().lenUnit(unit).build();
    }

    /** Spawns a process of {@code spec} with the hub's claim on its stdin and stdout, as the engine does. */
    public Child start(ServiceSpec spec) throws IOException {
        ClaimedStdio stdio = hub.claim(spec);
        Child child = kernel.spawn(SpawnRequest.builder(spec.command())
                .environment(Map.of("LANG", "C.UTF-8", "PATH", "/usr/bin:/bin"))
                .stdin(stdio.stdin())
                .stdout(stdio.stdout())
                .stderr(Stdio.file(dir.resolve(spec.name() + ".stderr"), false))
                .build());
        stdio.spawned(child);
        child.exit().whenComplete((status, error) -> stdio.close());
        children.add(child);
        return child;
    }

    static ExitStatus exit(Child child) throws Exception {
        return child.exit().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    /** The events a listener recorded, each as the bytes it read: header line and payload. */
    static List<byte[]> records(Path record) throws IOException {
        List<byte[]> out = new ArrayList<>();
        if (!Files.exists(record)) {
            return out;
        }
        byte[] all = Files.readAllBytes(record);
        byte[] sep = "\n--\n".getBytes(StandardCharsets.US_ASCII);
        int start = 0;
        for (int i = 0; i + sep.length <= all.length; i++) {
            if (java.util.Arrays.equals(all, i, i + sep.length, sep, 0, sep.length)) {
                out.add(java.util.Arrays.copyOfRange(all, start, i));
                start = i + sep.length;
                i = start - 1;
            }
        }
        return out;
    }

    static List<String> texts(Path record) throws IOException {
        return records(record).stream().map(b -> new String(b, StandardCharsets.UTF_8)).toList();
    }

    /** Waits (30 s at most) until the listener recorded {@code n} events; returns them as text. */
    public static List<String> await(Path record, int n) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            List<String> got = texts(record);
            if (got.size() >= n) {
                return got;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("expected " + n + " events, got " + texts(record));
    }

    /** The serial of an event as the listener read it. */
    public static long serial(String event) {
        for (String token : event.substring(0, event.indexOf('\n')).split(" ")) {
            if (token.startsWith("serial:")) {
                return Long.parseLong(token.substring(7));
            }
        }
        throw new AssertionError("no serial in " + event);
    }

    private static Path script;

    private static synchronized Path script() {
        if (script == null) {
            try (InputStream in = Listeners.class.getResourceAsStream("/dev/capstan/events/listener.py")) {
                Path p = Files.createTempFile("capstan-listener", ".py");
                Files.write(p, in.readAllBytes());
                p.toFile().deleteOnExit();
                script = p;
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
        return script;
    }
}
