package dev.capstan.logs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.capstan.api.LogSpec;
import dev.capstan.api.OutputEventSink;
import dev.capstan.api.ServiceOutput;
import dev.capstan.api.ServiceSpec;
import dev.capstan.api.StreamName;
import dev.capstan.process.Child;
import dev.capstan.process.Stdio;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Real processes whose streams make supervisord's output events: what the events bundle is
 * handed (bytes and pid), what the log keeps, and that other streams keep their path.
 */
class OutputEventsTest extends EndToEnd {

    private final ByteArrayOutputStream logged = new ByteArrayOutputStream();
    private final List<String> calls = new CopyOnWriteArrayList<>();

    @BeforeEach
    void sink() {
        outputEvents = new OutputEventSink() {
            @Override
            public void logged(ServiceSpec spec, int pid, StreamName stream, ByteBuffer bytes) {
                byte[] b = new byte[bytes.remaining()];
                bytes.get(b);
                synchronized (logged) {
                    logged.writeBytes(b);
                }
                calls.add("log " + spec.name() + " " + pid + " " + stream);
            }

            @Override
            public void communicated(ServiceSpec spec, int pid, StreamName stream, byte[] data) {
                calls.add("comm " + spec.name() + " " + pid + " " + stream + " " + new String(data, StandardCharsets.UTF_8));
            }
        };
    }

    private Child start(ServiceOutput out, ServiceSpec spec) throws Exception {
        Child child = spawn(out, spec);
        out.spawned(child.pid());
        return child;
    }

    @Test
    void everyByteOfAStreamWithEventsEnabledIsHandedOverWithItsPid() throws Exception {
        LogBook book = book(dir.resolve("console"), dir.resolve("console-err"));
        // printf writes at once: the bytes may come before the spawn returned, and wait for the pid.
        ServiceSpec spec = sh("talker", "printf 'caf\\303\\251\\r\\n'; sleep 0.1; printf 'bye\\n'",
                LogSpec.CONSOLE_DEFAULT.withEvents(true, 0));
        ServiceOutput out = book.open(spec);
        Child child = start(out, spec);
        assertEquals(0, exit(child).code());
        out.close();
        await(() -> logged.size() == "caf\u00e9\r\nbye\n".getBytes(StandardCharsets.UTF_8).length);
        assertEquals("caf\u00e9\r\nbye\n", logged.toString(StandardCharsets.UTF_8));
        assertTrue(calls.stream().allMatch(c -> c.equals("log talker " + child.pid() + " STDOUT")), calls.toString());
        await(() -> Files.readString(dir.resolve("console")).contains("bye"));
        book.close();
    }

    @Test
    void captureModeMakesAnEventOfWhatIsBetweenTheTokensAndLogsTheRest() throws Exception {
        LogBook book = book(dir.resolve("c"), dir.resolve("e"));
        Path log = dir.resolve("comm.log");
        ServiceSpec spec = sh("comm", "printf 'before<!--XSUPERVISOR:BEGIN-->'; sleep 0.05;"
                        + " printf 'line 1\\nline 2<!--XSUPERVISOR:END-->after\\n'",
                new LogSpec(LogSpec.Target.FILE, log, 0, 0, false, 1024));
        ServiceOutput out = book.open(spec);
        assertInstanceOf(Stdio.Pipe.class, out.stdout(), "a stream in capture mode is read");
        Child child = start(out, spec);
        assertEquals(0, exit(child).code());
        out.close();
        await(() -> Files.exists(log) && Files.readString(log).equals("beforeafter\n"));
        assertEquals(List.of("comm comm " + child.pid() + " STDOUT line 1\nline 2"), calls);
        book.close();
    }

    @Test
    void aStreamWithoutEventsKeepsItsPathWithoutCopies() throws Exception {
        LogBook book = book(dir.resolve("c"), dir.resolve("e"));
        Path log = dir.resolve("plain.log");
        ServiceOutput plain = book.open(sh("plain", "true", new LogSpec(LogSpec.Target.FILE, log, 0, 0)));
        assertInstanceOf(Stdio.File.class, plain.stdout(), "the file is the child's stdout");
        ServiceOutput none = book.open(sh("none", "true", new LogSpec(LogSpec.Target.NONE, null, 0, 0)));
        assertEquals(Stdio.devNull(), none.stdout());
        ServiceOutput evented = book.open(sh("ev", "true", new LogSpec(LogSpec.Target.NONE, null, 0, 0, true, 0)));
        assertInstanceOf(Stdio.Pipe.class, evented.stdout(), "NONE, but its events need its bytes");
        book.close();
    }
}
