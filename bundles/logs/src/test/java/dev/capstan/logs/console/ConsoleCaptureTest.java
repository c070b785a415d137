package dev.capstan.logs.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.capstan.api.StreamName;
import dev.capstan.logs.StreamLog;
import dev.capstan.logs.lines.LineFramer;
import dev.capstan.logs.lines.LineListeners;
import dev.capstan.logs.tails.ByteRing;
import dev.capstan.logs.tails.Followers;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Drives console captures as the kernel's pipe readers would; Capstan's stdout is a real file. */
class ConsoleCaptureTest {

    @TempDir
    Path dir;

    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    private Console console(Path out, Path err, ConsoleFormat format) throws IOException {
        return ConsoleFiles.open(out, err, format);
    }

    private ConsoleCapture capture(Console console, String service, StreamName stream) {
        return new ConsoleCapture(console, stream, LineOrigin.of(service, stream), new ByteRing(StreamLog.RING_BYTES),
                new Followers(executor), new LineListeners());
    }

    private static void feed(ConsoleCapture c, String s) {
        c.onOutput(ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void twoChattyServicesKeepEveryLineWholeAndAttributed() throws Exception {
        Path out = dir.resolve("stdout");
        Console console = console(out, dir.resolve("stderr"), ConsoleFormat.DEFAULT);
        int linesEach = 20_000;
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> writers = new ArrayList<>();
        for (String name : List.of("alpha", "beta")) {
            ConsoleCapture c = capture(console, name, StreamName.STDOUT);
            Thread t = new Thread(() -> {
                // The same bytes a chatty service writes, read in arbitrary pieces that cut
                // lines anywhere, as a pipe does.
                StringBuilder all = new StringBuilder();
                for (int i = 0; i < linesEach; i++) {
                    all.append(name).append(" line ").append(i).append(' ').append("x".repeat(i % 300)).append('\n');
                }
                byte[] bytes = all.toString().getBytes(StandardCharsets.UTF_8);
                Random random = new Random(name.hashCode());
                awaitQuietly(start);
                for (int at = 0; at < bytes.length; ) {
                    int n = Math.min(bytes.length - at, 1 + random.nextInt(9000));
                    c.onOutput(ByteBuffer.wrap(bytes, at, n));
                    at += n;
                }
                c.onEnd();
            });
            writers.add(t);
            t.start();
        }
        start.countDown();
        for (Thread t : writers) {
            t.join();
        }
        Pattern line = Pattern.compile("(alpha|beta) \\| (alpha|beta) line (\\d+) (x*)");
        int[] next = new int[2];
        for (String l : Files.readAllLines(out)) {
            Matcher m = line.matcher(l);
            assertTrue(m.matches(), () -> "cut or mixed line: " + l.substring(0, Math.min(200, l.length())));
            assertEquals(m.group(1), m.group(2), "attributed to the service that wrote it");
            int who = m.group(1).equals("alpha") ? 0 : 1;
            int n = Integer.parseInt(m.group(3));
            assertEquals(next[who]++, n, "in order, none lost");
            assertEquals(n % 300, m.group(4).length());
        }
        assertEquals(linesEach, next[0]);
        assertEquals(linesEach, next[1]);
    }

    @Test
    void stderrGoesToCapstansStderrAndALastLineWithoutNewlineIsFlushedAtTheEnd() throws Exception {
        Path out = dir.resolve("stdout");
        Path err = dir.resolve("stderr");
        Console console = console(out, err, ConsoleFormat.DEFAULT);
        ConsoleCapture o = capture(console, "web", StreamName.STDOUT);
        ConsoleCapture e = capture(console, "web", StreamName.STDERR);
        feed(o, "ready\npartial");
        feed(e, "oops\nno newline");
        assertEquals("web | ready\n", Files.readString(out));
        assertEquals("web | oops\n", Files.readString(err));
        o.finish();
        e.onEnd();
        o.onEnd();
        assertEquals("web | ready\nweb | partial\n", Files.readString(out));
        assertEquals("web | oops\nweb | no newline\n", Files.readString(err));
    }

    @Test
    void aLineOver64KiBIsSplitWithTheMarkerAndNothingIsLost() throws Exception {
        Path out = dir.resolve("stdout");
        ConsoleCapture c = capture(console(out, dir.resolve("stderr"), ConsoleFormat.DEFAULT), "big", StreamName.STDOUT);
        String huge = "y".repeat(150_000);
        feed(c, huge.substring(0, 70_000));
        feed(c, huge.substring(70_000) + "\nafter\n");
        List<String> lines = Files.readAllLines(out);
        String piece = "big | " + "y".repeat(LineFramer.MAX_LINE) + ConsoleFormat.CONTINUED;
        assertEquals(List.of(piece, piece, "big | " + "y".repeat(150_000 - 2 * LineFramer.MAX_LINE), "big | after"), lines);
    }

    @Test
    void timestampsAndNoPrefix() throws Exception {
        Path out = dir.resolve("stdout");
        Console console = console(out, dir.resolve("stderr"), new ConsoleFormat(false, true, false));
        ConsoleCapture c = capture(console, "web", StreamName.STDOUT);
        feed(c, "hello\n");
        console.format(new ConsoleFormat(true, true, false));
        feed(c, "again\n");
        List<String> lines = Files.readAllLines(out);
        String iso = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z";
        assertTrue(lines.get(0).matches(iso + " hello"), lines.get(0));
        assertTrue(lines.get(1).matches(iso + " web \\| again"), "a format change applies at once: " + lines.get(1));
    }

    @Test
    void binaryOutputInJsonGivesOneValidJsonObjectPerLine() throws Exception {
        Path out = dir.resolve("stdout");
        ConsoleCapture c = capture(console(out, dir.resolve("stderr"), new ConsoleFormat(true, false, true)),
                "bin\"ary", StreamName.STDERR);
        byte[] binary = new byte[256];
        for (int i = 0; i < 256; i++) {
            binary[i] = (byte) i;
        }
        c.onOutput(ByteBuffer.wrap(binary));
        c.finish();
        String text = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(Files.readAllBytes(dir.resolve("stderr")))).toString();
        String[] lines = text.split("\n", -1);
        // byte 10 ends the first line; the rest (with no newline) is flushed at the end.
        assertEquals(3, lines.length);
        assertEquals("", lines[2]);
        String head = "\\{\"time\":\"[0-9TZ:.-]+\",\"service\":\"bin\\\\\"ary\",\"stream\":\"stderr\",\"line\":\"";
        assertTrue(lines[0].matches(head + "\\\\u0000\\\\u0001.*\\\\t\"\\}"), lines[0]);
        assertTrue(lines[1].matches(head + "\\\\u000b.*~\\\\u007f\uFFFD{128}\"\\}"), lines[1]);
    }

    @Test
    void theInMemoryTailKeepsTheRawOutput() throws Exception {
        ByteRing ring = new ByteRing(StreamLog.RING_BYTES);
        ConsoleCapture c = new ConsoleCapture(console(dir.resolve("o"), dir.resolve("e"), ConsoleFormat.DEFAULT),
                StreamName.STDOUT, LineOrigin.of("web", StreamName.STDOUT), ring, new Followers(executor), new LineListeners());
        feed(c, "a\nb\n");
        assertEquals("a\nb\n", new String(ring.last(100), StandardCharsets.UTF_8));
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
