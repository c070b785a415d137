package dev.capstan.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import org.apache.felix.framework.FrameworkFactory;
import org.apache.felix.service.command.Process;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;
import org.osgi.framework.launch.Framework;

/** Bundle arguments as Felix's commands take them, in a real (empty) framework. */
class BundleConverterTest {
    @TempDir
    Path cache;
    private Framework framework;
    private final TestShell shell = new TestShell();

    @BeforeEach
    void start() throws Exception {
        framework = new FrameworkFactory().newFramework(Map.of(Constants.FRAMEWORK_STORAGE, cache.toString()));
        framework.start();
        shell.processor.addConverter(new BundleConverter(framework.getBundleContext()));
        shell.processor.addCommand("felix", new Object() {
            @SuppressWarnings("unused")
            public void headers(Bundle[] bundles) {
                for (Bundle b : bundles) {
                    Process.Utils.current().out().println(b.getBundleId() + " " + b.getSymbolicName());
                }
            }
        }, "headers");
    }

    @AfterEach
    void stop() throws Exception {
        framework.stop();
        framework.waitForStop(5000);
    }

    @Test
    void idsAndSymbolicNamesBecomeBundles() throws Exception {
        assertEquals("0 org.apache.felix.framework\n", shell.run("headers 0").out());
        assertEquals("0 org.apache.felix.framework\n0 org.apache.felix.framework\n",
                shell.run("headers 0 org.apache.felix.framework").out());
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> shell.run("headers 42"));
        assertTrue(unknown.getMessage().startsWith("Cannot coerce headers("), unknown.getMessage());
    }
}
