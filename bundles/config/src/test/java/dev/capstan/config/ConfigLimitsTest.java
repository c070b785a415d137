package dev.capstan.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.capstan.config.ini.IniReader;
import dev.capstan.config.spec.ConfigException;
import dev.capstan.config.spec.ConfigLimits;
import dev.capstan.config.spec.Warnings;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A configuration past the limits (ConfigLimits) is refused with its file and line before it
 * costs more than its text: numprocs, programs, lines, YAML entries and values, a bundle's
 * resources together. Exactly at a limit it is read.
 */
class ConfigLimitsTest {

    @TempDir
    Path dir;

    private static final int MAX = ConfigLimits.MAX_SERVICES;
    private static final String TOO_MANY = ": more than " + MAX + " services in one configuration; Capstan defines no more"
            + " (docs/configuration.md, Limits)";

    private String error(String name, String text) {
        Path file = Fixtures.write(dir, name, text);
        ConfigException e = assertThrows(ConfigException.class, () -> new ConfigFileReader(Fixtures.host()).read(file));
        String prefix = file + ":";
        assertTrue(e.getMessage().startsWith(prefix), e.getMessage());
        return e.getMessage().substring(prefix.length());
    }

    private static String programs(int n) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < n; i++) {
            text.append("[program:p").append(i).append("]\ncommand = sleep infinity\nautostart = false\n");
        }
        return text.toString();
    }

    @Test
    void numprocsPastTheLimitIsAnErrorAtItsLine() {
        assertEquals("6: numprocs=50000" + TOO_MANY,
                error("capstan.conf", "[unix_http_server]\nfile = /tmp/x.sock\n\n[program:x]\ncommand = sleep infinity\n"
                        + "numprocs = 50000\nprocess_name = %(program_name)s_%(process_num)d\n"));
    }

    @Test
    void numprocsCountWithTheOtherPrograms() {
        int half = MAX / 2;
        String text = programs(half) + "[program:many]\ncommand = sleep infinity\nnumprocs = " + (half + 1) + "\n"
                + "process_name = %(program_name)s_%(process_num)d\n";
        assertEquals((3 * half + 3) + ": numprocs=" + (half + 1) + TOO_MANY, error("capstan.conf", text));
        String exactly = programs(half) + "[program:many]\ncommand = sleep infinity\nnumprocs = " + half + "\n"
                + "process_name = %(program_name)s_%(process_num)d\n";
        assertEquals(MAX, new ConfigFileReader(Fixtures.host()).read(Fixtures.write(dir, "exact.conf", exactly))
                .services().size());
    }

    @Test
    void programsPastTheLimitAreRefusedAtTheFirstOneTooMany() {
        assertEquals((3 * MAX + 1) + ": [program:p" + MAX + "]" + TOO_MANY, error("capstan.conf", programs(120_000)));
    }

    @Test
    void includedFilesCountTogether() {
        Fixtures.write(dir, "a.ini", programs(MAX - 100));
        Path b = Fixtures.write(dir, "b.ini", programs(200).replace("[program:p", "[program:q"));
        Path conf = Fixtures.write(dir, "capstan.conf", "[include]\nfiles = a.ini b.ini\n");
        ConfigException e = assertThrows(ConfigException.class, () -> new ConfigFileReader(Fixtures.host()).read(conf));
        assertEquals(b + ":301: [program:q100]" + TOO_MANY, e.getMessage());
    }

    @Test
    void linesPastTheLimitAreRefusedBeforeTheyAreParsed() {
        StringBuilder text = new StringBuilder("[program:p]\ncommand = sleep infinity\n");
        for (int i = 0; text.length() < 15 << 20; i++) {
            text.append("k").append(i).append(" = v\n");
        }
        assertEquals((ConfigLimits.MAX_LINES + 1) + ": more than " + ConfigLimits.MAX_LINES
                + " lines in one configuration; Capstan reads no more (docs/configuration.md, Limits)",
                error("capstan.conf", text.toString()));
    }

    @Test
    void yamlEntriesPastTheLimit() {
        StringBuilder text = new StringBuilder("services:\n");
        for (int i = 0; i <= MAX; i++) {
            text.append("  - name: s").append(i).append("\n    exec: sleep infinity\n");
        }
        assertEquals((2 * MAX + 2) + ": services" + TOO_MANY, error("services.yaml", text.toString()));
    }

    @Test
    void yamlValuesPastTheLimitAreRefusedBeforeTheTreeIsBuilt() {
        // One line, hundreds of thousands of values: the line count alone would let it through.
        StringBuilder text = new StringBuilder("services: [{name: a, exec: b, groups: [");
        for (int i = 0; i < ConfigLimits.MAX_YAML_NODES; i++) {
            text.append("x,");
        }
        text.append("x]}]\n");
        assertEquals("1: more than " + ConfigLimits.MAX_YAML_NODES + " YAML values in one configuration; Capstan"
                + " reads no more (docs/configuration.md, Limits)", error("services.yaml", text.toString()));
    }

    @Test
    void aBundlesResourcesCountTogether() {
        ConfigLimits bundle = new ConfigLimits();
        IniReader reader = new IniReader(Fixtures.host());
        int first = MAX - 10;
        assertEquals(first, reader.readServices(programs(first), "bundle b 1.0.0 OSGI-INF/capstan/a.conf",
                new Warnings(), bundle).size());
        ConfigException e = assertThrows(ConfigException.class, () -> reader.readServices(
                programs(20).replace("[program:p", "[program:q"), "bundle b 1.0.0 OSGI-INF/capstan/b.conf",
                new Warnings(), bundle));
        assertEquals("bundle b 1.0.0 OSGI-INF/capstan/b.conf:31: [program:q10]" + TOO_MANY, e.getMessage());
    }
}
