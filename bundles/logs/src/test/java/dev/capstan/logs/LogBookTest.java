package dev.capstan.logs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.capstan.api.Fault;
import dev.capstan.api.LogSpec;
import dev.capstan.api.Probe;
import dev.capstan.api.ServiceOutput;
import dev.capstan.api.ServiceSpec;
import dev.capstan.api.StreamName;
import dev.capstan.api.SupervisorException;
import dev.capstan.logs.console.Console;
import dev.capstan.logs.console.ConsoleFiles;
import dev.capstan.logs.console.ConsoleFormat;
import dev.capstan.logs.files.AutoLogs;
import dev.capstan.logs.files.CollectedReports;
import dev.capstan.logs.mainlog.MainLog;
import dev.capstan.process.Stdio;
import dev.capstan.process.linux.KernelPerClass;
import dev.capstan.testing.ComponentProperties;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogBookTest extends KernelPerClass {

    @TempDir
    Path dir;

    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();
    private final CollectedReports reports = new CollectedReports();
    private Path consoleOut;
    private LogBook book;

    @BeforeEach
    void start() throws Exception {
        consoleOut = dir.resolve("console-out");
        Console console = ConsoleFiles.open(consoleOut, dir.resolve("console-err"), ConsoleFormat.DEFAULT);
        book = new LogBook(console, settings(Map.of()), executor, kernel, reports, new MainLog(executor), () -> null);
    }

    @AfterEach
    void stop() {
        book.close();
        executor.shutdownNow();
    }

    private LogSettings settings(Map<String, Object> more) {
        Map<String, Object> p = new java.util.HashMap<>(more);
        p.put("childlogdir", dir.resolve("auto").toString());
        return LogsComponent.settings(ComponentProperties.of(LogsComponent.Settings.class, p));
    }

    private static ServiceSpec.Builder service(String name) {
        return ServiceSpec.builder(name, List.of("sh", "-c", "true"));
    }

    private static LogSpec file(Path p, long maxBytes, int backups) {
        return new LogSpec(LogSpec.Target.FILE, p, maxBytes, backups);
    }

    private static void feed(Stdio stdio, String s) {
        ((Stdio.Pipe) stdio).handler().onOutput(ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8)));
    }

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    @Test
    void readsAtOffsetsComeFromTheCurrentFileOrTheInMemoryTail() throws Exception {
        Path log = dir.resolve("web.log");
        ServiceOutput out = book.open(service("web").stdout(file(log, 1000, 1)).build());
        feed(out.stdout(), "0123456789\nabcdef\n");
        out.close();
        assertEquals("23456", text(book.read("web", StreamName.STDOUT, 2, 5).bytes()));
        assertEquals("ef\n", text(book.read("web", StreamName.STDOUT, -3, 10).bytes()));
        assertEquals(18, book.read("web", StreamName.STDOUT, 18, 10).size());
        assertEquals(0, book.read("web", StreamName.STDOUT, 18, 10).bytes().length);
        ServiceOutput console = book.open(service("quiet").build());
        feed(console.stderr(), "warn\n");
        console.close();
        assertEquals("arn", text(book.read("quiet", StreamName.STDERR, 1, 3).bytes()));
        assertEquals(5, book.read("quiet", StreamName.STDERR, 0, 0).size());
        Files.delete(log);
        SupervisorException gone = assertThrows(SupervisorException.class, () -> book.read("web", StreamName.STDOUT, 0, 1));
        assertEquals(Fault.NO_FILE, gone.fault());
        ServiceOutput none = book.open(service("silent").stdout(new LogSpec(LogSpec.Target.NONE, null, 0, 0)).build());
        none.close();
        assertEquals(Fault.NO_FILE, assertThrows(SupervisorException.class,
                () -> book.read("silent", StreamName.STDOUT, 0, 1)).fault());
        assertEquals(Fault.BAD_NAME, assertThrows(SupervisorException.class,
                () -> book.read("nosuch", StreamName.STDOUT, 0, 1)).fault());
    }

    @Test
    void theConsoleIsTheDefaultAndItsTailIsKeptInMemory() throws Exception {
        ServiceOutput out = book.open(service("web").build());
        feed(out.stdout(), "hello\nwor");
        feed(out.stderr(), "warn\n");
        out.close();
        assertEquals("web | hello\nweb | wor\n", Files.readString(consoleOut));
        assertEquals("hello\nwor", text(book.tail("web", StreamName.STDOUT, 100)));
        assertEquals("lo\nwor", text(book.tail("web", StreamName.STDOUT, 6)));
        assertEquals("warn\n", text(book.tail("web", StreamName.STDERR, 100)));
        book.clear("web");
        assertEquals(0, book.tail("web", StreamName.STDOUT, 100).length);
    }

    @Test
    void aFileThatNeedsNothingDoneIsTheChildsOwnStdout() throws Exception {
        Path log = dir.resolve("web.log");
        ServiceOutput out = book.open(service("web").stdout(file(log, 0, 0)).stderr(file(log, 0, 0)).build());
        assertEquals(Stdio.file(log, false), out.stdout());
        assertEquals(Stdio.sameAsStdout(), out.stderr(), "one file for both is redirect_stderr");
        Files.writeString(log, "written by the child\n"); // what the child would do
        assertEquals("the child\n", text(book.tail("web", StreamName.STDOUT, 10)));
        book.clear("web");
        assertEquals(0, Files.size(log));
    }

    @Test
    void bothStreamsToOneRotatingFileShareOneWriter() throws Exception {
        Path log = dir.resolve("both.log");
        ServiceOutput out = book.open(service("b").stdout(file(log, 20, 1)).stderr(file(log, 20, 1)).build());
        assertEquals(Stdio.sameAsStdout(), out.stderr());
        feed(out.stdout(), "out and err 1\n");
        feed(out.stdout(), "out and err 2\n");
        assertEquals("out and err 1\n", Files.readString(dir.resolve("both.log.1")));
        assertEquals("out and err 2\n", Files.readString(log));
    }

    @Test
    void aLogReadinessCheckKeepsTheOutputFlowingThroughCapstan() throws Exception {
        Path log = dir.resolve("db.log");
        ServiceOutput out = book.open(service("db").stdout(file(log, 0, 0)).stderr(LogSpec.CONSOLE_DEFAULT)
                .ready(new Probe.LogMatch("accepting connections")).build());
        assertInstanceOf(Stdio.Pipe.class, out.stdout());
        List<String> lines = new CopyOnWriteArrayList<>();
        AutoCloseable listening = out.onLine(lines::add);
        feed(out.stdout(), "starting\nready: accept");
        feed(out.stdout(), "ing connections\n");
        feed(out.stderr(), "from stderr\n");
        listening.close();
        feed(out.stdout(), "not heard\n");
        assertEquals(List.of("starting", "ready: accepting connections", "from stderr"), lines);
        assertEquals("starting\nready: accepting connections\nnot heard\n", Files.readString(log));

        ServiceOutput quiet = book.open(service("q").stdout(new LogSpec(LogSpec.Target.NONE, null, 0, 0))
                .ready(new Probe.LogMatch("up")).build());
        List<String> heard = new CopyOnWriteArrayList<>();
        quiet.onLine(heard::add);
        feed(quiet.stdout(), "up");
        quiet.close();
        assertEquals(List.of("up"), heard, "NONE with a log check: lines are heard, then dropped");
    }

    @Test
    void noneIsDevNullAndRedirectStderrSharesStdout() {
        ServiceOutput none = book.open(service("n").stdout(new LogSpec(LogSpec.Target.NONE, null, 0, 0))
                .stderr(new LogSpec(LogSpec.Target.NONE, null, 0, 0)).build());
        assertEquals(Stdio.devNull(), none.stdout());
        assertEquals(Stdio.devNull(), none.stderr());
        assertEquals(0, book.tail("n", StreamName.STDOUT, 10).length);

        ServiceOutput both = book.open(service("r").redirectStderr(true).build());
        assertEquals(Stdio.sameAsStdout(), both.stderr());
        feed(both.stdout(), "one stream\n");
        assertEquals("one stream\n", text(book.tail("r", StreamName.STDERR, 100)));
    }

    @Test
    void autoFilesGoToChildlogdirAndRotate() throws Exception {
        LogSpec auto = new LogSpec(LogSpec.Target.AUTO, null, 16, 1);
        ServiceOutput out = book.open(service("api").stdout(auto).stderr(auto).build());
        feed(out.stdout(), "0123456789\n");
        feed(out.stdout(), "abcdefghij\n");
        feed(out.stderr(), "err\n");
        Path stdout = dir.resolve("auto/api-stdout---capstan.log");
        assertEquals("abcdefghij\n", Files.readString(stdout));
        assertEquals("0123456789\n", Files.readString(dir.resolve("auto/api-stdout---capstan.log.1")));
        assertEquals("err\n", Files.readString(dir.resolve("auto/api-stderr---capstan.log")));
        assertEquals("0123456789\nabcdefghij\n", text(book.tail("api", StreamName.STDOUT, 100)));

        Files.writeString(dir.resolve("auto/keep.log"), "not ours");
        assertEquals(3, AutoLogs.cleanup(dir.resolve("auto"), reports));
        assertEquals(List.of(dir.resolve("auto/keep.log")), Files.list(dir.resolve("auto")).toList());
    }

    @Test
    void devStdoutInASupervisordConfigMeansTheConsole() throws Exception {
        ServiceOutput out = book.open(service("legacy").stdout(file(Path.of("/dev/stdout"), 0, 0)).build());
        feed(out.stdout(), "via console\n");
        assertEquals("legacy | via console\n", Files.readString(consoleOut));
    }

    @Test
    void timestampsInFilesMeanCapstanWritesTheFile() throws Exception {
        book.settings(settings(Map.of("log_timestamps", true)));
        Path log = dir.resolve("t.log");
        ServiceOutput out = book.open(service("t").stdout(file(log, 0, 0)).build());
        feed(out.stdout(), "stamped\nlast");
        out.close();
        String iso = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z";
        assertTrue(Files.readString(log).matches(iso + " stamped\n" + iso + " last\n"), Files.readString(log));
    }

    @Test
    void unknownServicesAreABadName() {
        SupervisorException e = assertThrows(SupervisorException.class, () -> book.tail("nope", StreamName.STDOUT, 10));
        assertEquals(Fault.BAD_NAME, e.fault());
        book.open(service("gone").build());
        book.forget("gone");
        assertThrows(SupervisorException.class, () -> book.follow("gone", StreamName.STDOUT, b -> { }));
    }

    @Test
    void followSeesEveryByteAcrossRotations() throws Exception {
        Path log = dir.resolve("f.log");
        ServiceOutput out = book.open(service("f").stdout(file(log, 64, 2)).build());
        ByteArrayOutputStream seen = new ByteArrayOutputStream();
        AutoCloseable following = book.follow("f", StreamName.STDOUT, b -> {
            synchronized (seen) {
                seen.writeBytes(b);
            }
        });
        StringBuilder written = new StringBuilder();
        for (int i = 0; i < 100; i++) {
            String s = "message number " + i + "\n";
            feed(out.stdout(), s);
            written.append(s);
        }
        assertTrue(Files.exists(dir.resolve("f.log.2")), "rotated more than once");
        await(() -> {
            synchronized (seen) {
                return seen.size() >= written.length();
            }
        });
        following.close();
        feed(out.stdout(), "after close\n");
        Thread.sleep(50);
        synchronized (seen) {
            assertEquals(written.toString(), seen.toString(StandardCharsets.UTF_8));
        }
    }

    @Test
    void followOfAFileTheChildWritesSurvivesAnExternalLogrotate() throws Exception {
        Path log = dir.resolve("direct.log");
        Files.writeString(log, "old content, not shown\n");
        ServiceOutput out = book.open(service("d").stdout(file(log, 0, 0)).build());
        assertInstanceOf(Stdio.File.class, out.stdout());
        ByteArrayOutputStream seen = new ByteArrayOutputStream();
        try (AutoCloseable following = book.follow("d", StreamName.STDOUT, seen::writeBytes)) {
            Files.writeString(log, "one\n", StandardOpenOption.APPEND);
            Thread.sleep(300);
            Files.writeString(log, "two\n", StandardOpenOption.APPEND);
            Files.move(log, dir.resolve("direct.log.1"));
            Files.writeString(log, "three\n");
            await(() -> seen.toString(StandardCharsets.UTF_8).equals("one\ntwo\nthree\n"));
        }
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (!condition.getAsBoolean()) {
            assertFalse(System.nanoTime() > deadline, "timed out");
            Thread.sleep(10);
        }
    }
}
