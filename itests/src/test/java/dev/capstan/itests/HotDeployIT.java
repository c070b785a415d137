package dev.capstan.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Hot deploy in the built distribution: a service bundle or a {@code .cfg} file dropped into a
 * watched directory runs (bench/ times how soon), replacing it restarts the service only when its definition
 * changed, deleting it stops and removes the service. The directory is this test's own, named
 * with {@code [capstan] deploy}, so the distribution's deploy/ stays untouched.
 */
class HotDeployIT {

    private static final Pattern PID = Pattern.compile("pid (\\d+)");

    private static String service(String greeting, int priority) {
        return "[program:hello]\n"
                + "command = sh -c 'echo \"" + greeting + "\"; exec sleep infinity'\n"
                + "priority = " + priority + "\n"
                + "startsecs = 0\n"
                + "stopwaitsecs = 2\n";
    }

    @Test
    void bundlesAndCfgFilesComeAndGo() throws Exception {
        Path dir = CapstanProcess.WORK.resolve("hotdeploy");
        Path deploy = Files.createDirectories(dir.resolve("deploy"));
        try (var old = Files.list(deploy)) {
            for (Path p : old.toList()) {
                Files.delete(p);
            }
        }
        Path socket = dir.resolve("ctl/capstan.sock");
        Path conf = dir.resolve("capstan.conf");
        Files.writeString(conf, "[capstan]\ndeploy = " + deploy + "\nshutdown_timeout = 5\n\n"
                + "[unix_http_server]\nfile = " + socket + "\n");
        Capstanctl ctl = new Capstanctl(socket);

        try (CapstanProcess c = CapstanProcess.start("hotdeploy", List.of(), "-c", conf.toString())) {
            c.awaitOutput(out -> out.contains(deploy + ": watched") && out.contains("control socket " + socket),
                    Duration.ofSeconds(30), "the deploy directory to be watched and the control socket to listen");

            // In: RUNNING after the copy; its bundle's start level is 10 + priority.
            Path jar = deploy.resolve("hello.jar");
            ServiceJars.deploy(jar, "test.hello", "1.0.0", service("hello v1", 25));
            c.awaitOutput(out -> out.contains("hello: STARTING -> RUNNING"), Duration.ofSeconds(20), "hello to run");
            assertTrue(ctl.status("hello").contains("RUNNING"), ctl.status("hello"));
            String bundles = ctl.run("bundles").output();
            assertTrue(bundles.matches("(?s).*\\n\\d+\\s+35\\s+test\\.hello 1\\.0\\.0\\s+ACTIVE\\s+hello\\s+RUNNING.*"), bundles);
            long firstPid = pid(ctl.status("hello"));

            // Stopping the bundle removes the service; starting it defines it again.
            String id = bundles.lines().filter(l -> l.contains("test.hello")).findFirst().orElseThrow().split("\\s+")[0];
            assertEquals(0, ctl.run("felix:stop", id).exit());
            c.awaitOutput(out -> out.contains("hello: removed"), Duration.ofSeconds(20), "hello to be removed by the stop");
            assertEquals(null, Procfs.state(firstPid));
            assertEquals(0, ctl.run("felix:start", id).exit());
            c.awaitOutput(out -> out.indexOf("hello: STARTING -> RUNNING") != out.lastIndexOf("hello: STARTING -> RUNNING"),
                    Duration.ofSeconds(20), "hello to run again");
            firstPid = pid(ctl.status("hello"));

            // Replaced by a new version with the same definition: the process stays.
            ServiceJars.deploy(jar, "test.hello", "1.0.1", service("hello v1", 25));
            c.awaitOutput(out -> out.contains("bundle test.hello 1.0.1: services [hello]"), Duration.ofSeconds(20), "the update");
            assertEquals(firstPid, pid(ctl.status("hello")), "an unchanged definition restarted the service");

            // Replaced by a new definition: it restarts with it.
            ServiceJars.deploy(jar, "test.hello", "1.1.0", service("hello v2", 25));
            c.awaitOutput(out -> out.contains("hello v2"), Duration.ofSeconds(20), "the new definition to run");
            long secondPid = pid(ctl.status("hello"));
            assertNotEquals(firstPid, secondPid);
            assertEquals(null, Procfs.state(firstPid), "the old process is gone");

            // Out: stopped and gone.
            Files.delete(jar);
            c.awaitOutput(out -> out.contains("bundle test.hello 1.1.0: services [hello] removed"), Duration.ofSeconds(20),
                    "the bundle to go");
            c.awaitOutput(out -> out.split("hello: removed", -1).length == 3, Duration.ofSeconds(20), "hello to be removed");
            assertEquals(null, Procfs.state(secondPid));
            assertTrue(ctl.status("hello").contains("no such process"), ctl.status("hello"));

            // A .cfg file the same way.
            Path cfg = deploy.resolve("dev.capstan.service-greeter.cfg");
            Files.writeString(cfg, "command = sh -c 'echo greeter up; exec sleep infinity'\nstartsecs = 0\n");
            c.awaitOutput(out -> out.contains("greeter: STARTING -> RUNNING"), Duration.ofSeconds(20), "greeter to run");
            Files.delete(cfg);
            c.awaitOutput(out -> out.contains("greeter: removed"), Duration.ofSeconds(20), "greeter to be removed");

            c.signal("TERM");
            assertEquals(0, c.awaitExit(Duration.ofSeconds(15)), c.output());
        }
    }

    private static long pid(String status) {
        Matcher m = PID.matcher(status);
        assertTrue(m.find(), "no pid in: " + status);
        return Long.parseLong(m.group(1));
    }
}
