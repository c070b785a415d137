package dev.capstan.itests.osgi;

import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.cleanCaches;
import static org.ops4j.pax.exam.CoreOptions.composite;
import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;
import static org.ops4j.pax.exam.CoreOptions.frameworkStartLevel;
import static org.ops4j.pax.exam.CoreOptions.junitBundles;
import static org.ops4j.pax.exam.CoreOptions.streamBundle;
import static org.ops4j.pax.exam.CoreOptions.systemPackages;

import dev.capstan.itests.osgi.launcher.LauncherActivator;
import dev.capstan.testing.RecordingContainer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.tinybundles.TinyBundles;
import org.osgi.framework.Constants;

/**
 * Capstan's framework as Pax Exam's native container boots it, set up as the launcher sets up
 * the product's (runtime/launcher FrameworkBoot, SystemPackages):
 *
 * <ul>
 * <li>start level 1: a bundle that stands in for the launcher and registers the real process
 *     kernel and a recording Container ({@link LauncherActivator});</li>
 * <li>2: the OSGi platform (SCR and its three API bundles, ConfigAdmin, EventAdmin, Gogo's
 *     runtime, SnakeYAML), next to Pax Exam's own bundles;</li>
 * <li>3: Capstan's api, logs, config (with the extender) and the engine;</li>
 * <li>5: Pax Exam's probe, which holds the tests.</li>
 * </ul>
 *
 * The framework rises to 2000 and a bundle installed later gets level 10, as in the product, so
 * a service bundle's level from its priority (10 + priority) starts it. The jars are the ones the
 * build just made, installed by file from {@code capstan.osgi.bundles} (itests/pom.xml copies
 * them there), so the tests need no Maven repository for them. Runs outside the framework, in
 * the test's {@code @Configuration}.
 */
final class CapstanFramework {

    /** The version at which the launcher exports its contracts (SystemPackages.CONTRACTS_VERSION). */
    private static final String CONTRACTS_VERSION = "1.0.0";

    static final int LAUNCHER_LEVEL = 1;
    static final int PLATFORM_LEVEL = 2;
    static final int CAPSTAN_LEVEL = 3;
    /** FrameworkBoot.BEGINNING_START_LEVEL: leaves room for priority 999 (level 1009). */
    static final int FRAMEWORK_LEVEL = 2000;

    /** In start order; the names as itests/pom.xml copies them (versions stripped). */
    private static final List<String> PLATFORM = List.of(
            "org.osgi.util.function", "org.osgi.util.promise", "org.osgi.service.component",
            "org.apache.felix.scr", "org.apache.felix.configadmin", "org.apache.felix.eventadmin",
            "org.apache.felix.gogo.runtime", "snakeyaml");
    private static final List<String> CAPSTAN = List.of(
            "dev.capstan.api", "dev.capstan.logs", "dev.capstan.config", "dev.capstan.engine");

    private CapstanFramework() {
    }

    static Option options() {
        Path dir = Path.of(System.getProperty("capstan.osgi.bundles", "target/osgi-bundles")).toAbsolutePath();
        List<Option> options = new ArrayList<>();
        options.add(cleanCaches());
        options.add(frameworkStartLevel(FRAMEWORK_LEVEL));
        options.add(frameworkProperty("felix.startlevel.bundle").value("10"));
        options.add(systemPackages(launcherPackages()));
        options.add(streamBundle(launcherBundle()).startLevel(LAUNCHER_LEVEL));
        for (String name : PLATFORM) {
            options.add(bundle(jar(dir, name)).startLevel(PLATFORM_LEVEL));
        }
        for (String name : CAPSTAN) {
            options.add(bundle(jar(dir, name)).startLevel(CAPSTAN_LEVEL));
        }
        options.add(junitBundles());
        return composite(options.toArray(Option[]::new));
    }

    private static String jar(Path dir, String name) {
        Path jar = dir.resolve(name + ".jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: run the tests through Maven (mvn verify), which copies the bundles there");
        }
        return jar.toUri().toString();
    }

    /**
     * What the launcher's classpath shares with bundles (SystemPackages.extra()), plus the
     * kernel's implementation package for {@link LauncherActivator}.
     */
    private static String[] launcherPackages() {
        List<String> out = new ArrayList<>();
        out.add("dev.capstan.process;version=" + CONTRACTS_VERSION);
        out.add("dev.capstan.process.linux;version=" + CONTRACTS_VERSION);
        out.add("dev.capstan.container;version=" + CONTRACTS_VERSION);
        out.add("dev.capstan.ctl.protocol;version=" + CONTRACTS_VERSION);
        addJar(out, org.slf4j.LoggerFactory.class);
        // slf4j-api 2's own manifest also exports these two at 1.7.36, for bundles that import
        // org.slf4j [1.x,2): Pax Exam's bundles do. (The launcher exports 2.0.x only, which
        // Capstan's bundles import.)
        out.add("org.slf4j;version=1.7.36");
        out.add("org.slf4j.helpers;version=1.7.36");
        addJar(out, ch.qos.logback.classic.LoggerContext.class);
        addJar(out, ch.qos.logback.core.Context.class);
        return out.toArray(String[]::new);
    }

    /** Every package in the jar that holds {@code marker}, at that jar's Bundle-Version. */
    private static void addJar(List<String> out, Class<?> marker) {
        try (JarFile jar = new JarFile(Path.of(marker.getProtectionDomain().getCodeSource().getLocation().toURI()).toFile())) {
            String version = jar.getManifest().getMainAttributes().getValue("Bundle-Version");
            Set<String> packages = new TreeSet<>();
            for (Enumeration<JarEntry> e = jar.entries(); e.hasMoreElements(); ) {
                String name = e.nextElement().getName();
                int slash = name.lastIndexOf('/');
                if (name.endsWith(".class") && slash > 0 && !name.startsWith("META-INF/")) {
                    packages.add(name.substring(0, slash).replace('/', '.'));
                }
            }
            for (String p : packages) {
                out.add(p + ";version=" + version);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + marker.getName() + "'s jar", e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static InputStream launcherBundle() {
        return TinyBundles.bundle()
                .symbolicName("dev.capstan.itests.launcher")
                .setHeader(Constants.BUNDLE_MANIFESTVERSION, "2")
                .setHeader(Constants.BUNDLE_VERSION, "1.0.0")
                .activator(LauncherActivator.class)
                .addClass(RecordingContainer.class)
                .setHeader(Constants.IMPORT_PACKAGE, "org.osgi.framework;version=\"[1.8,2)\","
                        + "dev.capstan.process;version=\"[1.0,2)\","
                        + "dev.capstan.process.linux;version=\"[1.0,2)\","
                        + "dev.capstan.container;version=\"[1.0,2)\"")
                .build(TinyBundles.rawBuilder());
    }
}
