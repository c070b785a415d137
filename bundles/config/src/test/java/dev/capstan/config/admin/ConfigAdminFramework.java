package dev.capstan.config.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.capstan.api.ConfigurationPids;
import dev.capstan.config.Fixtures;
import dev.capstan.testing.ScriptedSupervisor;
import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import org.apache.felix.framework.FrameworkFactory;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.launch.Framework;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.cm.ManagedServiceFactory;

/**
 * An embedded Felix with the real ConfigAdmin and the real consumer of {@code dev.capstan.service}
 * ({@link ServiceConfigurations}) in front of a {@link ScriptedSupervisor}: the configuration
 * path as the launcher sets it up, without the engine.
 */
public final class ConfigAdminFramework implements AutoCloseable {
    public final Framework framework;
    public final BundleContext context;
    public final ConfigurationAdmin admin;
    public final ScriptedSupervisor supervisor = new ScriptedSupervisor();
    /** The consumer, registered as the launcher's SCR would. */
    public final ServiceConfigurations configurations = new ServiceConfigurations(supervisor, Fixtures.users());
    private int sentinels;

    public ConfigAdminFramework(Path dir) throws Exception {
        this(dir, Map.of());
    }

    /** With {@code properties} added to the framework properties (FileInstall's, say). */
    public ConfigAdminFramework(Path dir, Map<String, String> properties) throws Exception {
        Map<String, String> props = new HashMap<>(properties);
        props.put(Constants.FRAMEWORK_STORAGE, dir.resolve("felix").toString());
        props.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        // The test talks to ConfigAdmin with the cm API of its own class path: export that one.
        props.put(Constants.FRAMEWORK_SYSTEMPACKAGES_EXTRA, "org.osgi.service.cm;version=1.6.0");
        props.put(Constants.FRAMEWORK_BEGINNING_STARTLEVEL, "2000"); // as the launcher sets them
        props.put("felix.startlevel.bundle", "10");
        framework = new FrameworkFactory().newFramework(props);
        framework.start();
        context = framework.getBundleContext();
        context.installBundle(new File(jarOnClassPath("org.apache.felix.configadmin")).toURI().toString()).start();
        admin = context.getService(context.getServiceReference(ConfigurationAdmin.class));
        Dictionary<String, Object> msf = new Hashtable<>();
        msf.put(Constants.SERVICE_PID, ConfigurationPids.SERVICE);
        context.registerService(ManagedServiceFactory.class, configurations, msf);
    }

    /**
     * The calls the supervisor got since the last look. ConfigAdmin delivers in order on one
     * thread, so the calls before a sentinel service's define are all there are.
     */
    public List<String> calls() throws Exception {
        String sentinel = "sentinel" + sentinels++;
        Dictionary<String, Object> p = new Hashtable<>();
        p.put("name", sentinel);
        p.put("command", "/bin/true");
        Configuration c = admin.createFactoryConfiguration(ConfigurationPids.SERVICE, "?");
        c.update(p);
        List<String> calls = new ArrayList<>();
        for (String call = supervisor.next(); !call.equals("define " + sentinel); call = supervisor.next()) {
            calls.add(call);
        }
        c.delete();
        assertEquals("remove " + sentinel, supervisor.next());
        return calls;
    }

    @Override
    public void close() throws Exception {
        framework.stop();
        framework.waitForStop(10_000);
    }

    private static String jarOnClassPath(String name) {
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (entry.contains(name)) {
                return entry;
            }
        }
        throw new IllegalStateException(name + " is not on the test class path");
    }
}
