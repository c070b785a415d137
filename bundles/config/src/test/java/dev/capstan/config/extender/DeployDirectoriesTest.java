package dev.capstan.config.extender;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.capstan.config.admin.ConfigAdminFramework;
import dev.capstan.process.linux.KernelPerClass;
import dev.capstan.testing.ComponentProperties;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * {@code [capstan] deploy} against the real ConfigAdmin in an embedded Felix whose framework
 * properties carry FileInstall's watch settings as the launcher sets them for {@code deploy/}.
 * No FileInstall runs: the factory configurations it would get are looked at in ConfigAdmin.
 */
class DeployDirectoriesTest extends KernelPerClass {

    /** As FrameworkBoot gives them for deploy/, and one it keeps for deploy/ only. */
    private static final Map<String, String> FRAMEWORK = Map.of(
            "felix.fileinstall.poll", "60000",
            "felix.fileinstall.noInitialDelay", "true",
            "felix.fileinstall.disableNio2", "true",
            "felix.fileinstall.log.level", "2",
            "felix.fileinstall.filter", ".*\\.(jar|cfg|config)",
            "felix.fileinstall.dir", "/opt/capstan/deploy",
            "felix.fileinstall.enableConfigSave", "false");

    @TempDir
    Path dir;

    private ConfigAdminFramework osgi;
    private ConfigurationAdmin admin;
    private String a;
    private String b;
    private final List<DeployDirectories> started = new ArrayList<>();

    @BeforeEach
    void startFramework() throws Exception {
        osgi = new ConfigAdminFramework(dir, FRAMEWORK);
        admin = osgi.admin;
        a = dir.resolve("services-a").toString();
        b = dir.resolve("services-b").toString();
    }

    @AfterEach
    void stopFramework() throws Exception {
        started.forEach(DeployDirectories::deactivate);
        osgi.close();
    }

    private static DeployDirectories.Settings deploy(String... dirs) {
        return settings(Map.of("deploy", dirs));
    }

    private static DeployDirectories.Settings settings(Map<String, Object> properties) {
        return ComponentProperties.of(DeployDirectories.Settings.class, properties);
    }

    private DeployDirectories start(DeployDirectories.Settings settings) {
        DeployDirectories d = new DeployDirectories(admin, kernel, osgi.context, settings);
        started.add(d);
        return d;
    }

    /** FileInstall's factory configurations, by PID. */
    private Map<String, Configuration> fileInstall() throws Exception {
        Configuration[] found = admin.listConfigurations(
                "(" + ConfigurationAdmin.SERVICE_FACTORYPID + "=org.apache.felix.fileinstall)");
        Map<String, Configuration> byPid = new TreeMap<>();
        for (Configuration c : found == null ? new Configuration[0] : found) {
            byPid.put(c.getPid(), c);
        }
        return byPid;
    }

    private static String pid(String dir) {
        return "org.apache.felix.fileinstall~" + dir;
    }

    @Test
    void listedDirectoryIsWatchedWithTheFrameworksWatchSettings() throws Exception {
        start(deploy(a));

        Map<String, Configuration> configs = fileInstall();
        assertEquals(List.of(pid(a)), List.copyOf(configs.keySet()), "one named factory configuration");
        Dictionary<String, Object> p = configs.get(pid(a)).getProperties();
        assertEquals(a, p.get("felix.fileinstall.dir"), "the listed directory, not deploy/");
        assertEquals("60000", p.get("felix.fileinstall.poll"));
        assertEquals("true", p.get("felix.fileinstall.noInitialDelay"));
        assertEquals("true", p.get("felix.fileinstall.disableNio2"));
        assertEquals("2", p.get("felix.fileinstall.log.level"));
        assertEquals(".*\\.(jar|cfg|config)", p.get("felix.fileinstall.filter"));
        assertEquals(a, p.get(DeployDirectories.MARK));
    }

    @Test
    void eachListedDirectoryHasItsOwnConfiguration() throws Exception {
        start(deploy(a, b));

        Map<String, Configuration> configs = fileInstall();
        assertEquals(List.of(pid(a), pid(b)), List.copyOf(configs.keySet()));
        assertEquals(b, configs.get(pid(b)).getProperties().get("felix.fileinstall.dir"));
        assertEquals("true", configs.get(pid(b)).getProperties().get("felix.fileinstall.disableNio2"));
    }

    @Test
    void theSameListAgainChangesNothing() throws Exception {
        DeployDirectories deploy = start(deploy(a));
        long changes = fileInstall().get(pid(a)).getChangeCount();

        deploy.apply(deploy(a));
        deploy.apply(deploy(a));

        Map<String, Configuration> configs = fileInstall();
        assertEquals(List.of(pid(a)), List.copyOf(configs.keySet()), "no second configuration");
        assertEquals(changes, configs.get(pid(a)).getChangeCount(), "not updated again (FileInstall would restart its watcher)");
    }

    @Test
    void droppedDirectoryLosesItsConfiguration() throws Exception {
        DeployDirectories deploy = start(deploy(a, b));
        assertEquals(List.of(pid(a), pid(b)), List.copyOf(fileInstall().keySet()));

        deploy.apply(deploy(b));
        assertEquals(List.of(pid(b)), List.copyOf(fileInstall().keySet()), "a dropped from the list");

        deploy.apply(settings(Map.of()));
        assertEquals(Map.of(), fileInstall(), "no deploy key: nothing watched");
    }

    @Test
    void fileInstallConfigurationsMadeElsewhereAreLeftAlone() throws Exception {
        Configuration other = admin.getFactoryConfiguration("org.apache.felix.fileinstall", "other", "?");
        Dictionary<String, Object> p = new Hashtable<>();
        p.put("felix.fileinstall.dir", "/srv/other");
        other.update(p);

        DeployDirectories deploy = start(deploy(a));
        deploy.apply(settings(Map.of()));

        Map<String, Configuration> configs = fileInstall();
        assertEquals(List.of("org.apache.felix.fileinstall~other"), List.copyOf(configs.keySet()));
        assertEquals("/srv/other", configs.get("org.apache.felix.fileinstall~other").getProperties().get("felix.fileinstall.dir"));
        assertNull(configs.get("org.apache.felix.fileinstall~other").getProperties().get(DeployDirectories.MARK));
    }
}
