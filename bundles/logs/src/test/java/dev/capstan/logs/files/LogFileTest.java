package dev.capstan.logs.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.capstan.process.linux.KernelPerClass;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogFileTest extends KernelPerClass {

    @TempDir
    Path dir;

    private final CollectedReports reports = new CollectedReports();

    private static void write(LogFile f, String s) {
        f.write(ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8)));
    }

    private static String read(Path p) throws Exception {
        return Files.readString(p);
    }

    /** {@code x.log} in the test directory, retrying a failed file once a second. */
    private LogFile open(long maxBytes, int backups) {
        return new LogFile(dir.resolve("x.log"), maxBytes, backups, kernel, reports, Duration.ofSeconds(1));
    }

    @Test
    void rotatesInSupervisordNamingKeepingWholeLinesAndAtMostBackupsFiles() throws Exception {
        Path log = dir.resolve("x.log");
        int maxBytes = 100;
        ByteArrayOutputStream written = new ByteArrayOutputStream();
        try (LogFile f = open(maxBytes, 3)) {
            for (int i = 0; i < 200; i++) {
                // 10..19-byte lines, sometimes two per write, so that boundaries fall anywhere.
                String chunk = "line " + i + " " + "z".repeat(i % 8) + "\n" + (i % 3 == 0 ? "extra " + i + "\n" : "");
                write(f, chunk);
                written.writeBytes(chunk.getBytes(StandardCharsets.UTF_8));
            }
        }
        String all = written.toString(StandardCharsets.UTF_8);
        assertTrue(Files.exists(dir.resolve("x.log.1")));
        assertTrue(Files.exists(dir.resolve("x.log.3")));
        assertFalse(Files.exists(dir.resolve("x.log.4")), "no more than 3 backups");
        StringBuilder kept = new StringBuilder();
        for (String name : new String[] {"x.log.3", "x.log.2", "x.log.1", "x.log"}) {
            String content = read(dir.resolve(name));
            assertTrue(content.length() <= maxBytes, name + " is " + content.length() + " bytes");
            assertTrue(content.endsWith("\n"), name + " ends with a whole line");
            if (!name.equals("x.log")) {
                assertTrue(content.length() > maxBytes - 30, name + " was filled before rotating");
            }
            kept.append(content);
        }
        assertTrue(all.endsWith(kept.toString()), "the files hold the newest output, in order, nothing missing");
        assertEquals(0, reports.errors.size());
    }

    @Test
    void aLineLongerThanMaxBytesIsCutAndTheNextLineStartsAFreshFile() throws Exception {
        Path log = dir.resolve("x.log");
        try (LogFile f = open(10, 5)) {
            write(f, "abc\n");
            write(f, "0123456789012345\nok\n");
        }
        assertEquals("abc\n", read(dir.resolve("x.log.2")));
        assertEquals("0123456789", read(dir.resolve("x.log.1")));
        assertEquals("012345\nok\n", read(log));
    }

    @Test
    void aBufferThatFillsTheFileExactlyIsCutAfterItsLastWholeLine() throws Exception {
        Path log = dir.resolve("x.log");
        try (LogFile f = open(10, 5)) {
            write(f, "aaaa\nbbbbb"); // exactly maxBytes, the line goes on in the next buffer
            write(f, "b\n");
            write(f, "cc\n");
        }
        assertEquals("aaaa\n", read(dir.resolve("x.log.1")));
        assertEquals("bbbbbb\ncc\n", read(log));
    }

    @Test
    void aLineBegunBeforeTheRotationEndsInTheSameFile() throws Exception {
        Path log = dir.resolve("x.log");
        try (LogFile f = open(10, 5)) {
            write(f, "aaaa\nbb"); // the read ended inside a line, well below maxBytes
            write(f, "bbbb\ncc\n");
        }
        assertEquals("aaaa\nbbbbbb\n", read(dir.resolve("x.log.1")), "2 bytes past maxBytes rather than a split line");
        assertEquals("cc\n", read(log));
    }

    @Test
    void aLineLongerThanLineRoomIsSplitAndCutIntoFullFiles() throws Exception {
        Path log = dir.resolve("x.log");
        int maxBytes = 1000;
        String endless = "y".repeat(maxBytes + LogFile.LINE_ROOM);
        try (LogFile f = open(maxBytes, 100)) {
            write(f, "aaaa\nbb");
            write(f, endless + "\nok\n");
        }
        List<String> files = new ArrayList<>();
        for (int i = 100; i >= 1; i--) {
            Path backup = dir.resolve("x.log." + i);
            if (Files.exists(backup)) {
                files.add(read(backup));
            }
        }
        assertEquals("aaaa\nbb", files.get(0), "the line went on in a fresh file: it would not fit LINE_ROOM");
        for (String piece : files.subList(1, files.size())) {
            assertEquals(maxBytes, piece.length(), "its pieces fill their files");
        }
        assertEquals("aaaa\nbb" + endless + "\nok\n", String.join("", files) + read(log), "nothing lost, in order");
    }

    @Test
    void linesAreNeverSplitWhereverTheReadsEnd() throws Exception {
        int maxBytes = 1000;
        Random random = new Random(42);
        StringBuilder written = new StringBuilder();
        for (int i = 0; written.length() < 50 * maxBytes; i++) {
            written.append("line ").append(i).append(' ').append("x".repeat(random.nextInt(120))).append('\n');
        }
        String all = written.toString();
        try (LogFile f = open(maxBytes, 100)) {
            for (int at = 0; at < all.length(); ) {
                int n = Math.min(1 + random.nextInt(300), all.length() - at);
                write(f, all.substring(at, at + n));
                at += n;
            }
        }
        StringBuilder kept = new StringBuilder();
        for (int i = 100; i >= 0; i--) {
            Path p = i == 0 ? dir.resolve("x.log") : dir.resolve("x.log." + i);
            if (!Files.exists(p)) {
                continue;
            }
            String content = read(p);
            assertTrue(content.endsWith("\n"), p + " ends inside a line");
            assertTrue(content.length() <= maxBytes + 140, p + " is " + content.length() + " bytes");
            kept.append(content);
        }
        assertEquals(all, kept.toString(), "every line once, in order");
    }

    @Test
    void zeroBackupsStartsTheFileAgain() throws Exception {
        Path log = dir.resolve("x.log");
        try (LogFile f = open(8, 0)) {
            write(f, "1234567\n");
            write(f, "abc\n");
        }
        assertEquals("abc\n", read(log));
        assertFalse(Files.exists(dir.resolve("x.log.1")));
    }

    @Test
    void tailReachesIntoTheNewestRotatedFile() throws Exception {
        Path log = dir.resolve("x.log");
        try (LogFile f = open(10, 2)) {
            write(f, "aaaa\nbbbb\n");
            write(f, "cc\n");
            assertEquals("bbbb\ncc\n", new String(f.tail(8), StandardCharsets.UTF_8));
            assertEquals("cc\n", new String(f.tail(3), StandardCharsets.UTF_8));
            assertEquals("aaaa\nbbbb\ncc\n", new String(f.tail(1000), StandardCharsets.UTF_8));
        }
    }

    @Test
    void aFullDiskIsReportedOnceWhileEveryByteIsCountedAndNothingBlocks() {
        long total = 0;
        try (LogFile f = new LogFile(Path.of("/dev/full"), 0, 0, kernel, reports, Duration.ofMillis(1))) {
            long start = System.nanoTime();
            for (int i = 0; i < 10_000; i++) {
                write(f, "still running " + i + "\n");
                total += ("still running " + i + "\n").length();
            }
            assertTrue(System.nanoTime() - start < 5_000_000_000L, "writes do not hang on a full disk");
            assertEquals(total, f.lostBytes());
        }
        assertEquals(1, reports.errors.size(), () -> "one report, not one per write: " + reports.errors);
        assertTrue(reports.errors.get(0).contains("/dev/full: cannot write (No space left on device)"), reports.errors.get(0));
    }

    @Test
    void loggingResumesWhenTheFileCanBeWrittenAgainAndSaysHowMuchWasLost() throws Exception {
        Path missing = dir.resolve("later");
        Path log = missing.resolve("x.log");
        // A retry interval a slow machine cannot overrun between the first failure and "lost 3".
        try (LogFile f = new LogFile(log, 0, 0, kernel, reports, Duration.ofSeconds(1))) {
            write(f, "lost 1\n");
            write(f, "lost 2\n");
            assertEquals(1, reports.errors.size());
            assertTrue(reports.errors.get(0).contains("No such file or directory"), reports.errors.get(0));
            Files.createDirectories(missing);
            write(f, "lost 3\n"); // within the retry interval: not tried yet
            Thread.sleep(1100);
            write(f, "kept\n");
            assertEquals("kept\n", read(log));
            assertEquals(0, f.lostBytes());
        }
        assertEquals(1, reports.errors.size());
        assertEquals(1, reports.warnings.size());
        assertTrue(reports.warnings.get(0).endsWith("writing again; 21 bytes of output were lost while it failed"),
                reports.warnings.get(0));
    }

    @Test
    void reopenStartsANewFileAfterAnExternalRotationMovedIt() throws Exception {
        Path log = dir.resolve("x.log");
        try (LogFile f = open(0, 0)) {
            write(f, "before\n");
            Files.move(log, dir.resolve("x.log-20250601"));
            write(f, "still the old file\n");
            f.reopen();
            write(f, "after\n");
        }
        assertEquals("before\nstill the old file\n", read(dir.resolve("x.log-20250601")));
        assertEquals("after\n", read(log));
    }

    @Test
    void clearEmptiesTheFileAndDeletesItsBackups() throws Exception {
        Path log = dir.resolve("x.log");
        try (LogFile f = open(10, 2)) {
            write(f, "aaaa\nbbbb\n");
            write(f, "cc\n");
            f.clear();
            assertEquals(0, f.tail(100).length);
            write(f, "new\n");
        }
        assertEquals("new\n", read(log));
        assertFalse(Files.exists(dir.resolve("x.log.1")));
    }
}
