package dev.capstan.runtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.Set;
import java.util.StringJoiner;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * The value of {@code org.osgi.framework.system.packages.extra}: what the launcher classpath
 * shares with bundles. Capstan's two pure-Java contracts, and the packages of slf4j and logback
 * (DESIGN decision 1 and stack.md 2.3: logging lives on the classpath so it works before the
 * framework and without a service loader mediator). Versions come from the jars' own
 * Bundle-Version, so a dependency upgrade needs no edit here.
 */
final class SystemPackages {

    static final String CONTRACTS_VERSION = "1.0.0";

    private SystemPackages() {
    }

    static String extra() {
        StringJoiner out = new StringJoiner(",");
        out.add("dev.capstan.process;version=" + CONTRACTS_VERSION);
        out.add("dev.capstan.container;version=" + CONTRACTS_VERSION);
        addJar(out, org.slf4j.LoggerFactory.class);
        addJar(out, ch.qos.logback.classic.LoggerContext.class);
        addJar(out, ch.qos.logback.core.Context.class);
        return out.toString();
    }

    /** Every package in the jar that holds {@code marker}, at that jar's Bundle-Version. */
    private static void addJar(StringJoiner out, Class<?> marker) {
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
}
