package dev.capstan.config.ini;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.capstan.config.Fixtures;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.yaml.snakeyaml.Yaml;

/**
 * Real supervisord's reading of configuration files: Debian's package, its own parser, run by
 * dump_config.py under /usr/bin/python3. This is a plain unit test JVM with no PID-1 reaper, so
 * starting python3 through the JDK is safe here.
 */
final class Supervisord {

    private static final Path PYTHON = Path.of("/usr/bin/python3");

    private Supervisord() {
    }

    /**
     * What supervisord makes of each file, in order: {@code error} (it refuses the file), or
     * {@code processes}, {@code groups}, {@code servers} and {@code warnings}.
     *
     * @param environment the whole environment supervisord runs with ({@code %(ENV_X)s})
     */
    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> read(List<Path> files, Map<String, String> environment, Path passwd, Path group)
            throws IOException, InterruptedException {
        assumeTrue(Files.isExecutable(PYTHON), "no " + PYTHON);
        List<String> command = new ArrayList<>(List.of(PYTHON.toString(),
                Fixtures.resource("supervisord/dump_config.py").toString(), passwd.toString(), group.toString()));
        files.forEach(f -> command.add(f.toString()));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().clear();
        pb.environment().putAll(environment);
        pb.redirectErrorStream(true);
        Process python = pb.start();
        String out = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        python.waitFor(120, TimeUnit.SECONDS);
        assumeTrue(!out.contains("No module named 'supervisor'"), "the supervisor package is not installed");
        assertEquals(0, python.exitValue(), out);
        return (List<Map<String, Object>>) new Yaml().load(out);
    }
}
