package dev.capstan.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The state transitions are written twice, for two readers: in SupervisedService's javadoc, the
 * reference, and in docs/engine.md. Row for row the same, so neither can drift from the other.
 */
class TransitionTableTest {

    private static final Path CODE = Path.of("src/main/java/dev/capstan/engine/SupervisedService.java");
    private static final Path DOC = Path.of("../../docs/engine.md");

    @Test
    void docsShowTheTableOfTheCode() throws Exception {
        List<String> code = new ArrayList<>();
        for (String line : Files.readAllLines(CODE, StandardCharsets.UTF_8)) {
            if (line.startsWith(" * |")) {
                code.add(line.substring(3));
            }
        }
        List<String> doc = new ArrayList<>();
        boolean inSection = false;
        for (String line : Files.readAllLines(DOC, StandardCharsets.UTF_8)) {
            if (line.startsWith("#")) {
                inSection = line.equals("### Transitions");
            } else if (inSection && line.startsWith("|")) {
                doc.add(line);
            }
        }
        assertTrue(code.size() > 2, "SupervisedService's javadoc has the table");
        assertEquals(code, doc);
    }
}
