package dev.capstan.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.capstan.config.spec.KeyCatalog;
import dev.capstan.config.yaml.YamlReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * docs/configuration.md documents exactly the keys the code reads: each "### [section]" heading's
 * table rows ("| `key` |") are compared with {@link KeyCatalog} and the YAML schema, both ways,
 * so neither can drift from the other.
 */
class ConfigurationDocTest {

    private static final Path DOC = Path.of("../../docs/configuration.md");
    private static final Pattern SECTION = Pattern.compile("\\[([a-z_-]+)");
    private static final Pattern ROW = Pattern.compile("^\\| `([a-z_]+)` \\|");

    @Test
    void everyKeyIsDocumentedAndEveryDocumentedKeyExists() throws Exception {
        Map<String, Set<String>> documented = new TreeMap<>();
        String section = null;
        for (String line : Files.readAllLines(DOC, StandardCharsets.UTF_8)) {
            if (line.startsWith("## ")) {
                section = null;
            } else if (line.startsWith("### ")) {
                Matcher m = SECTION.matcher(line);
                section = line.contains("YAML") ? "yaml" : m.find() ? m.group(1) : null;
            } else if (section != null) {
                Matcher row = ROW.matcher(line);
                if (row.find()) {
                    documented.computeIfAbsent(section, k -> new TreeSet<>()).add(row.group(1));
                }
            }
        }
        Map<String, Set<String>> code = new TreeMap<>();
        KeyCatalog.documented().forEach((k, v) -> code.put(k, new TreeSet<>(v)));
        Set<String> yaml = new TreeSet<>(YamlReader.SCHEMA);
        yaml.addAll(YamlReader.TOP_LEVEL_KEYS);
        code.put("yaml", yaml);
        assertEquals(new LinkedHashMap<>(code), new LinkedHashMap<>(documented));
    }
}
