package dev.capstan.config.ini;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.capstan.config.Fixtures;
import dev.capstan.config.spec.ConfigException;
import dev.capstan.config.spec.Host;
import dev.capstan.config.spec.ParsedConfigFile;
import dev.capstan.config.spec.UserDatabase;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The corpus: real supervisord configurations from public projects (resources corpus/, each
 * file naming its source on its first line). Each case is a directory whose supervisord.conf is
 * the file supervisord is started with, its includes next to it. Real supervisord reads every
 * case, and so does Capstan:
 * <ul>
 * <li>a case supervisord accepts, Capstan accepts, and makes the same processes, groups and keys
 * of it ({@link Agreement}); a case Capstan refuses fails the build;</li>
 * <li>the cases under refused/ are files as published that supervisord refuses: Capstan refuses
 * them too.</li>
 * </ul>
 * Both read with the same environment (corpus/environment, for {@code %(ENV_X)s}) and the same
 * users (corpus/passwd, corpus/group).
 */
class CorpusTest {

    private static final Path CORPUS = Fixtures.resource("corpus");
    private static final String ENTRY = "supervisord.conf";

    private static List<Path> cases;
    private static Map<Path, Map<String, Object>> theirs;
    private static Map<String, String> environment;

    @BeforeAll
    static void readWithSupervisord() throws IOException, InterruptedException {
        environment = environment();
        try (Stream<Path> walk = Files.walk(CORPUS)) {
            cases = walk.filter(p -> p.getFileName().toString().equals(ENTRY))
                    .map(Path::getParent)
                    .filter(dir -> dir.getParent().equals(CORPUS) || dir.getParent().equals(CORPUS.resolve("refused")))
                    .sorted()
                    .collect(Collectors.toList());
        }
        List<Path> files = cases.stream().map(c -> c.resolve(ENTRY)).collect(Collectors.toList());
        List<Map<String, Object>> read = Supervisord.read(files, environment, CORPUS.resolve("passwd"), CORPUS.resolve("group"));
        theirs = new LinkedHashMap<>();
        for (int i = 0; i < cases.size(); i++) {
            theirs.put(cases.get(i), read.get(i));
        }
    }

    @Test
    void theCorpusHasAtLeastFiftyCases() {
        assertTrue(cases.size() >= 50, cases.size() + " cases");
    }

    @Test
    void everyFileNamesItsSource() throws IOException {
        List<String> unnamed = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(CORPUS)) {
            for (Path file : walk.filter(Files::isRegularFile).collect(Collectors.toList())) {
                String name = CORPUS.relativize(file).toString();
                if (List.of("README.md", "environment", "passwd", "group").contains(name)) {
                    continue;
                }
                String first = Files.readString(file, StandardCharsets.UTF_8).lines().findFirst().orElse("");
                if (!first.startsWith("; corpus: ")) {
                    unnamed.add(name);
                }
            }
        }
        assertEquals(List.of(), unnamed, "files whose first line does not name their source");
    }

    @TestFactory
    Stream<DynamicTest> capstanReadsEachCaseAsSupervisordDoes() {
        return cases.stream().map(c -> DynamicTest.dynamicTest(CORPUS.relativize(c).toString(), () -> check(c)));
    }

    private static void check(Path dir) {
        Map<String, Object> supervisord = theirs.get(dir);
        Path conf = dir.resolve(ENTRY);
        IniReader reader = new IniReader(new Host(environment, Host.current().nodeName(),
                new UserDatabase(CORPUS.resolve("passwd"), CORPUS.resolve("group"))));
        if (dir.getParent().getFileName().toString().equals("refused")) {
            assertTrue(supervisord.containsKey("error"), "supervisord accepts a case under refused/");
            assertThrows(ConfigException.class, () -> reader.read(conf), "supervisord refuses it: " + supervisord.get("error"));
            return;
        }
        assertFalse(supervisord.containsKey("error"), () -> "supervisord refuses it: " + supervisord.get("error"));
        ParsedConfigFile ours;
        try {
            ours = reader.read(conf);
        } catch (ConfigException e) {
            fail("supervisord accepts it, Capstan refuses it: " + e.getMessage());
            return;
        }
        Agreement.assertAgrees(supervisord, ours, CORPUS.relativize(dir).toString());
    }

    /** corpus/environment: {@code NAME=value} lines, the whole environment both readers see. */
    private static Map<String, String> environment() throws IOException {
        Map<String, String> env = new LinkedHashMap<>();
        for (String line : Files.readAllLines(CORPUS.resolve("environment"), StandardCharsets.UTF_8)) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                env.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return env;
    }
}
