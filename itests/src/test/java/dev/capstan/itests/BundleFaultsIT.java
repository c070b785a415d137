package dev.capstan.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.capstan.itests.faults.ExitingActivator;
import dev.capstan.itests.faults.HangingActivator;
import dev.capstan.itests.faults.ThrowingActivator;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * What a deployed bundle may do to Capstan: nothing. One whose activator never returns, one
 * whose activator throws, a corrupt jar and a bundle the platform imports optionally, all in the
 * deploy directory: the boot finishes, hot deploy goes on, the bundle that failed runs no
 * service, the corrupt jar is named in the log, and SIGTERM still ends Capstan within
 * shutdown_timeout and the launcher's margin. A bundle that calls System.exit gets every service
 * stopped in order before the JVM ends.
 */
class BundleFaultsIT {

    private static final String SERVICE = "[program:%s]\ncommand = sleep infinity\nstartsecs = 0\n";

    @Test
    void misbehavingBundlesNeitherStopHotDeployNorTheShutdown() throws Exception {
        Path dir = fresh("bundlefaults");
        Path deploy = Files.createDirectories(dir.resolve("deploy"));
        Path socket = dir.resolve("ctl/capstan.sock");
        // Before the boot: FileInstall's first scan runs inside its activator, on the start-level thread.
        Files.copy(Path.of(System.getProperty("capstan.osgi.bundles", "target/osgi-bundles"), "org.osgi.service.log.jar"),
                deploy.resolve("org.osgi.service.log.jar"));
        ServiceJars.deploy(deploy.resolve("hangs.jar"), "test.hangs", "1.0.0", SERVICE.formatted("hung"),
                HangingActivator.class);
        Path conf = dir.resolve("capstan.conf");
        Files.writeString(conf, "[capstan]\ndeploy = " + deploy + "\nshutdown_timeout = 3\n\n"
                + "[unix_http_server]\nfile = " + socket + "\n\n" + SERVICE.formatted("steady"));
        Capstanctl ctl = new Capstanctl(socket);

        try (CapstanProcess c = CapstanProcess.start("bundlefaults", List.of(), "-c", conf.toString())) {
            c.awaitOutput(out -> out.contains("steady: STARTING -> RUNNING") && out.contains("control socket " + socket),
                    Duration.ofSeconds(30), "the boot to finish despite the deployed bundles");
            assertEquals(0, ctl.run("status", "steady").exit(), ctl.status("steady"));

            ServiceJars.deploy(deploy.resolve("throws.jar"), "test.throws", "1.0.0", SERVICE.formatted("thrown"),
                    ThrowingActivator.class);
            Path corrupt = deploy.resolve("corrupt.jar");
            byte[] noise = new byte[4096];
            new Random(7).nextBytes(noise);
            Files.write(corrupt, noise);
            ServiceJars.deploy(deploy.resolve("hello.jar"), "test.hello", "1.0.0", SERVICE.formatted("hello"));

            String out = c.awaitOutput(o -> o.contains("hello: STARTING -> RUNNING"), Duration.ofSeconds(10),
                    "hot deploy to go on after a bundle that never finishes starting");
            c.awaitOutput(o -> o.contains("test.throws 1.0.0: did not start") && o.contains(corrupt.toString()),
                    Duration.ofSeconds(10), "the failed start and the corrupt jar to be logged");
            out = c.output();
            assertFalse(out.contains("thrown: STOPPED -> STARTING"), "a bundle whose activator threw ran its service:\n" + out);
            assertFalse(out.contains("hung: STOPPED -> STARTING"), "a bundle still in start() ran its service:\n" + out);
            assertTrue(ctl.status("thrown").contains("no such process"), ctl.status("thrown"));

            c.signal("TERM");
            // shutdown_timeout (3 s) and the launcher's margin (5 s); the bundle that never
            // finished starting cannot stop, and once made the framework's stop wait 20 s.
            Integer code = c.awaitExit(Duration.ofSeconds(15));
            assertNotNull(code, "still running 15 s after SIGTERM:\n" + c.output());
            assertEquals(0, code, c.output());
        }
    }

    @Test
    void aBundleThatEndsTheJvmGetsTheServicesStoppedFirst() throws Exception {
        Path dir = fresh("bundleexit");
        Path deploy = Files.createDirectories(dir.resolve("deploy"));
        Path socket = dir.resolve("ctl/capstan.sock");
        Path marker = dir.resolve("stopped-by");
        Path conf = dir.resolve("capstan.conf");
        Files.writeString(conf, "[capstan]\ndeploy = " + deploy + "\nshutdown_timeout = 5\n\n"
                + "[unix_http_server]\nfile = " + socket + "\n\n"
                + "[program:careful]\n"
                + "command = sh -c 'trap \"echo TERM > " + marker + "; exit 0\" TERM; while :; do sleep 0.1; done'\n"
                + "startsecs = 0\n");

        try (CapstanProcess c = CapstanProcess.start("bundleexit", List.of(), "-c", conf.toString())) {
            c.awaitOutput(out -> out.contains("careful: STARTING -> RUNNING") && out.contains("control socket " + socket),
                    Duration.ofSeconds(30), "careful to run");
            ServiceJars.deploy(deploy.resolve("exits.jar"), "test.exits", "1.0.0", SERVICE.formatted("doomed"),
                    ExitingActivator.class);
            Integer code = c.awaitExit(Duration.ofSeconds(20));
            assertNotNull(code, "System.exit from a bundle did not end Capstan:\n" + c.output());
            String out = c.output();
            assertTrue(out.contains("System.exit"), out);
            assertTrue(out.contains("careful: RUNNING -> STOPPING"), "careful was not stopped in order:\n" + out);
            assertEquals("TERM", Files.readString(marker, StandardCharsets.UTF_8).strip(), "careful got no SIGTERM");
        }
    }

    private static Path fresh(String name) throws Exception {
        Path dir = CapstanProcess.WORK.resolve(name);
        if (Files.exists(dir)) {
            try (var walk = Files.walk(dir)) {
                for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        return Files.createDirectories(dir);
    }
}
