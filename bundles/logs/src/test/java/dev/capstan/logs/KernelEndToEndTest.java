package dev.capstan.logs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.capstan.api.LogSpec;
import dev.capstan.api.ServiceOutput;
import dev.capstan.api.ServiceSpec;
import dev.capstan.process.Child;
import dev.capstan.process.Stdio;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Real children writing through the real process kernel (capstan-launcher) into the logs bundle. */
class KernelEndToEndTest extends EndToEnd {

    @Test
    void twoChattyServicesOnTheConsole() throws Exception {
        Path out = dir.resolve("console");
        LogBook book = book(out, dir.resolve("console-err"));
        int lines = 30_000;
        // awk writes in 4 KiB blocks that cut lines anywhere; the last line has no newline.
        String script = "awk -v n=%d -v me=%s 'BEGIN { for (i = 0; i < n; i++) { printf \"%%s line %%d \", me, i;"
                + " for (k = 0; k < i %% 200; k++) printf \"x\"; if (i < n - 1) printf \"\\n\" } }'";
        ServiceSpec alpha = sh("alpha", String.format(script, lines, "alpha"), LogSpec.CONSOLE_DEFAULT);
        ServiceSpec beta = sh("beta", String.format(script, lines, "beta"), LogSpec.CONSOLE_DEFAULT);
        ServiceOutput a = book.open(alpha);
        ServiceOutput b = book.open(beta);
        Child ca = spawn(a, alpha);
        Child cb = spawn(b, beta);
        assertEquals(0, exit(ca).code());
        assertEquals(0, exit(cb).code());
        await(() -> lineCount(out) >= 2L * lines - 2); // the last lines wait for close or pipe end
        a.close();
        b.close();
        await(() -> lineCount(out) == 2L * lines);
        Pattern p = Pattern.compile("(alpha|beta) \\| (alpha|beta) line (\\d+) (x*)");
        int[] next = new int[2];
        for (String l : Files.readAllLines(out)) {
            Matcher m = p.matcher(l);
            assertTrue(m.matches(), () -> "cut or mixed: " + l.substring(0, Math.min(120, l.length())));
            assertEquals(m.group(1), m.group(2));
            int who = m.group(1).equals("alpha") ? 0 : 1;
            assertEquals(next[who]++, Integer.parseInt(m.group(3)));
            assertEquals(Integer.parseInt(m.group(3)) % 200, m.group(4).length());
        }
        book.close();
    }

    @Test
    void rotatingFileOfAHundredByteLines() throws Exception {
        LogBook book = book(dir.resolve("c"), dir.resolve("e"));
        Path log = dir.resolve("lines.log");
        ServiceSpec spec = sh("lines", "head -c 3000000 /dev/zero | tr '\\0' a | fold -w 99",
                new LogSpec(LogSpec.Target.FILE, log, 1_000_000, 5));
        ServiceOutput out = book.open(spec);
        assertEquals(0, exit(spawn(out, spec)).code());
        long expected = 3_000_000 + 3_000_000 / 99; // a newline after every 99 bytes; the last 3 have none
        await(() -> sizes(log) == expected);
        for (String f : List.of("lines.log.1", "lines.log.2", "lines.log.3")) {
            assertEquals(1_000_000, Files.size(dir.resolve(f)), f + ": filled to maxbytes with whole lines");
        }
        assertEquals(30_303, Files.size(log));
        assertTrue(Files.readString(log).endsWith("\naaa"), "the last line, without its newline");
        book.close();
    }

    @Test
    void aServiceLoggingToDevFullKeepsRunning() throws Exception {
        LogBook book = book(dir.resolve("c"), dir.resolve("e"));
        ServiceSpec spec = sh("full", "i=0; while [ $i -lt 2000 ]; do echo \"line $i\"; i=$((i+1)); done; echo done >&2",
                new LogSpec(LogSpec.Target.FILE, Path.of("/dev/full"), LogSpec.DEFAULT_MAX_BYTES, 10));
        ServiceOutput out = book.open(spec);
        assertTrue(out.stdout() instanceof Stdio.Pipe, "Capstan writes it (maxbytes set)");
        assertEquals(0, exit(spawn(out, spec)).code(), "the service never saw the full disk");
        out.close();
        assertEquals(1, reports.errors.size(), () -> reports.errors.toString());
        assertEquals("done\n", new String(book.tail("full", dev.capstan.api.StreamName.STDERR, 100)));
        book.close();
    }

    /**
     * What a service writes reaches a file Capstan rotates as whole as the file the service writes
     * itself. How fast, against supervisord and s6 too, is the capture benchmark in bench/.
     */
    @Test
    void aHundredMegabytesThroughCapstanArriveAsWhenTheServiceWritesItsFile() throws Exception {
        compare("head -c 100000000 /dev/zero", 100_000_000);
        compare("dd if=/dev/zero bs=100 count=1000000 status=none", 100_000_000);
    }

    private void compare(String writer, long bytes) throws Exception {
        LogBook book = book(dir.resolve("c"), dir.resolve("e"));
        Path own = dir.resolve("own.log");
        Path captured = dir.resolve("captured.log");
        ServiceSpec self = sh("self", writer + " > " + own, LogSpec.CONSOLE_DEFAULT);
        ServiceSpec through = sh("through", writer, new LogSpec(LogSpec.Target.FILE, captured, 50_000_000, 10));
        exit(spawn(book.open(self), self));
        exit(spawn(book.open(through), through));
        await(() -> sizes(captured) == bytes);
        assertEquals(bytes, Files.size(own));
        book.close();
        for (int i = 0; i <= 10; i++) {
            Files.deleteIfExists(rotated(captured, i));
        }
        Files.delete(own);
    }

    private static long lineCount(Path p) {
        try (var s = Files.lines(p)) {
            return s.count();
        } catch (Exception e) {
            return -1;
        }
    }
}
