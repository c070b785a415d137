package dev.capstan.config.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The splitter against Python's own shlex.split, which supervisord calls: thousands of generated
 * command lines (quotes, escapes, backslash-newline, #, unicode, empty words, unclosed quotes)
 * go to one python3 process, and every answer, words or error, must be the same. A plain unit
 * test JVM with no reaper, so starting python3 through the JDK is safe here.
 */
class ShellWordsTest {

    private static final Path PYTHON = Path.of("/usr/bin/python3");

    /** The pieces generated lines are made of: every character shlex treats specially, and some it does not. */
    private static final String[] PIECES = {
        " ", " ", "\t", "\n", "\r", "\f", "\u000b", "\u00a0", "\u2003", "\u0085",
        "'", "'", "\"", "\"", "\\", "\\", "\\\n", "#", "$", "`", ";", "=", "%", "*",
        "a", "b", "word", "-x", "--opt=", "é", "中", "\ud83d\ude00", "''", "\"\"",
    };

    @Test
    void theCeleryWorkerOfTheIssueKeepsItsContinuation() {
        assertEquals(List.of("bash", "-c", "celery worker \\\n  --worker-class x"),
                ShellWords.split("bash -c \"celery worker \\\n  --worker-class x\""));
    }

    @Test
    void quotingRulesAsShlexHasThem() {
        assertEquals(List.of("a", "", "b c", "d\"e", "f\\g", "\\$h", "i#j"),
                ShellWords.split("a '' 'b c' \"d\\\"e\" \"f\\\\g\" \"\\$h\" i#j"));
        assertEquals(List.of("--x=a bc"), ShellWords.split("--x=\"a b\"c"));
        assertEquals(List.of("a\fb"), ShellWords.split("a\fb"));
        assertEquals(List.of(), ShellWords.split(" \t\r\n"));
        assertEquals("No closing quotation", assertThrows(IllegalArgumentException.class, () -> ShellWords.split("a 'b")).getMessage());
        assertEquals("No escaped character", assertThrows(IllegalArgumentException.class, () -> ShellWords.split("a \"b\\")).getMessage());
        assertEquals("No escaped character", assertThrows(IllegalArgumentException.class, () -> ShellWords.split("a\\")).getMessage());
    }

    @Test
    void agreesWithPythonsShlexOnGeneratedLines() throws IOException, InterruptedException {
        assumeTrue(Files.isExecutable(PYTHON), "no " + PYTHON);
        Random random = new Random(17);
        List<String> lines = new ArrayList<>();
        for (int n = 0; n < 5000; n++) {
            StringBuilder line = new StringBuilder();
            int pieces = random.nextInt(12);
            for (int p = 0; p < pieces; p++) {
                line.append(PIECES[random.nextInt(PIECES.length)]);
            }
            lines.add(line.toString());
        }
        List<String> answers = python(lines);
        assertEquals(lines.size(), answers.size());
        int errors = 0;
        for (int n = 0; n < lines.size(); n++) {
            String expected = answers.get(n);
            errors += expected.startsWith("E ") ? 1 : 0;
            String line = lines.get(n);
            assertEquals(expected, ours(line), () -> "for " + visible(line));
        }
        assertTrue(errors > 100 && errors < lines.size() - 1000, errors + " of the lines are errors: generate both kinds");
    }

    private static String ours(String line) {
        try {
            StringBuilder out = new StringBuilder("W");
            for (String word : ShellWords.split(line)) {
                out.append(" x").append(HexFormat.of().formatHex(word.getBytes(StandardCharsets.UTF_8)));
            }
            return out.toString();
        } catch (IllegalArgumentException e) {
            return "E " + e.getMessage();
        }
    }

    private static List<String> python(List<String> lines) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(PYTHON.toString(), Path.of("src/test/resources/shlex_split.py").toString());
        pb.redirectErrorStream(true);
        Process python = pb.start();
        Thread writer = new Thread(() -> {
            try (OutputStream in = python.getOutputStream()) {
                for (String line : lines) {
                    in.write((HexFormat.of().formatHex(line.getBytes(StandardCharsets.UTF_8)) + "\n").getBytes(StandardCharsets.US_ASCII));
                }
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        writer.start();
        List<String> answers = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(python.getInputStream(), StandardCharsets.UTF_8))) {
            for (String answer = out.readLine(); answer != null; answer = out.readLine()) {
                answers.add(answer);
            }
        }
        writer.join();
        python.waitFor(60, TimeUnit.SECONDS);
        assertEquals(0, python.exitValue(), String.join("\n", answers));
        return answers;
    }

    private static String visible(String s) {
        return s.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t").replace("\f", "\\f");
    }
}
