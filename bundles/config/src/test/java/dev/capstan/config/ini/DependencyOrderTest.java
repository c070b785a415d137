package dev.capstan.config.ini;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.capstan.config.Fixtures;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The start order a file is published in, when dependencies name services, full names and groups. */
class DependencyOrderTest {

    @TempDir
    Path dir;

    private List<String> order(String text) {
        Path file = Fixtures.write(dir, "capstan.conf", text);
        return new IniReader(Fixtures.host()).read(file).services().stream().map(s -> s.spec().fullName()).toList();
    }

    @Test
    void aDependencyByNameFullNameOrGroupComesFirst() {
        // worker is free and has the lowest priority; zz waited only for it; the rest wait for db.
        assertEquals(List.of("app:worker", "zz", "db", "app:web", "api", "cli"), order(""
                + "[group:app]\nprograms=web,worker\n"
                + "[program:api]\ncommand=/bin/api\npriority=1\ndepends_on=app\n"
                + "[program:cli]\ncommand=/bin/cli\npriority=1\ndepends_on=app:web\n"
                + "[program:zz]\ncommand=/bin/zz\npriority=1\ndepends_on=worker\n"
                + "[program:web]\ncommand=/bin/web\ndepends_on=db\n"
                + "[program:worker]\ncommand=/bin/worker\n"
                + "[program:db]\ncommand=/bin/db\npriority=2000\n"));
    }

    @Test
    void aLongChainKeepsItsOrder() {
        StringBuilder text = new StringBuilder();
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            String name = String.format("s%04d", i);
            text.append("[program:").append(name).append("]\ncommand=/bin/true\n");
            if (i > 0) {
                text.append("depends_on=").append(String.format("s%04d", i - 1)).append('\n');
            }
            expected.add(name);
        }
        assertEquals(expected, order(text.toString()));
    }
}
