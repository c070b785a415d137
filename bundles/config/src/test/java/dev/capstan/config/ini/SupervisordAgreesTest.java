package dev.capstan.config.ini;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.capstan.api.LogSpec;
import dev.capstan.api.ServiceSpec;
import dev.capstan.config.Fixtures;
import dev.capstan.config.spec.Host;
import dev.capstan.config.spec.ParsedService;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * Keeps the corpus honest: real supervisord (Debian's package, its own parser, run by
 * dump_config.py) reads the same files and must make the same processes of them as Capstan does,
 * field by field, except where Capstan documents a difference (output defaults to the console).
 * This is a plain unit test JVM with no PID-1 reaper, so starting python3 through the JDK is safe.
 */
class SupervisordAgreesTest {

    private static final Path PYTHON = Path.of("/usr/bin/python3");

    @Test
    void webappCorpus() throws Exception {
        compare(Fixtures.resource("ini/webapp/supervisord.conf"));
    }

    private static void compare(Path conf) throws Exception {
        List<Map<String, Object>> theirs = supervisord(conf);
        Host host = new Host(Fixtures.ENVIRONMENT, Host.current().nodeName(), Fixtures.users());
        Map<String, ServiceSpec> ours = new LinkedHashMap<>();
        for (ParsedService s : new IniReader(host).read(conf).services()) {
            ours.put(s.spec().fullName(), s.spec());
        }
        List<String> theirNames = new ArrayList<>();
        for (Map<String, Object> p : theirs) {
            String full = p.get("group").equals(p.get("name")) ? (String) p.get("name") : p.get("group") + ":" + p.get("name");
            theirNames.add(full);
            ServiceSpec s = ours.get(full);
            if (s == null) {
                continue;
            }
            List<?> events = (List<?>) p.get("events");
            assertEquals(expected(p, events), actual(s), full);
        }
        assertEquals(new TreeSet<>(theirNames), new TreeSet<>(ours.keySet()));
    }

    /** supervisord's view, in the terms both share. */
    private static Map<String, Object> expected(Map<String, Object> p, List<?> events) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("command", p.get("command"));
        m.put("priority", events.isEmpty() ? p.get("priority") : p.get("group_priority"));
        m.put("autostart", p.get("autostart"));
        m.put("startsecs", ((Number) p.get("startsecs")).longValue());
        m.put("startretries", p.get("startretries"));
        m.put("restart", p.get("restart"));
        m.put("exitcodes", new TreeSet<>((List<?>) p.get("exitcodes")).toString());
        m.put("stopsignal", p.get("stopsignal"));
        m.put("stopwaitsecs", ((Number) p.get("stopwaitsecs")).longValue());
        m.put("stopasgroup", p.get("stopasgroup"));
        m.put("killasgroup", p.get("killasgroup"));
        m.put("uid", p.get("uid"));
        m.put("redirect_stderr", p.get("redirect_stderr"));
        m.put("directory", p.get("directory"));
        m.put("environment", p.get("environment"));
        Object log = p.get("stdout_logfile");
        // Documented difference: where supervisord writes AUTO files or /dev/stdout, Capstan uses its console.
        m.put("stdout_logfile", log == null ? "NONE" : "AUTO".equals(log) || "/dev/stdout".equals(log) ? "CONSOLE" : log);
        m.put("events", new TreeSet<>(events).toString());
        return m;
    }

    private static Map<String, Object> actual(ServiceSpec s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("command", s.command());
        m.put("priority", s.priority());
        m.put("autostart", s.autostart());
        m.put("startsecs", s.startSecs().toSeconds());
        m.put("startretries", s.startRetries());
        m.put("restart", s.restart().name());
        m.put("exitcodes", new TreeSet<>(s.exitCodes()).toString());
        m.put("stopsignal", s.stopSignal().number());
        m.put("stopwaitsecs", s.stopWait().toSeconds());
        m.put("stopasgroup", s.stopAsGroup());
        m.put("killasgroup", s.killAsGroup());
        m.put("uid", s.user() == null ? null : s.user().uid());
        m.put("redirect_stderr", s.redirectStderr());
        m.put("directory", s.directory() == null ? null : s.directory().toString());
        m.put("environment", s.environment());
        LogSpec out = s.stdout();
        m.put("stdout_logfile", out.target() == LogSpec.Target.FILE ? out.file().toString() : out.target().name());
        m.put("events", new TreeSet<>(s.events()).toString());
        return m;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> supervisord(Path conf) throws IOException, InterruptedException {
        assumeTrue(Files.isExecutable(PYTHON), "no " + PYTHON);
        ProcessBuilder pb = new ProcessBuilder(PYTHON.toString(),
                Fixtures.resource("supervisord/dump_config.py").toString(), conf.toString(),
                Fixtures.resource("etc/passwd").toString());
        pb.environment().clear();
        pb.environment().putAll(Fixtures.ENVIRONMENT);
        pb.redirectErrorStream(true);
        Process python = pb.start();
        String out = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        python.waitFor(60, TimeUnit.SECONDS);
        assumeTrue(!out.contains("No module named 'supervisor'"), "the supervisor package is not installed");
        assertEquals(0, python.exitValue(), out);
        return (List<Map<String, Object>>) new Yaml().load(out);
    }
}
