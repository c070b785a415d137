package dev.capstan.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.StringJoiner;
import java.util.jar.JarFile;

/**
 * The value of {@code org.osgi.framework.system.packages.extra}: what the launcher classpath
 * shares with bundles. Capstan's two pure-Java contracts, capstanctl's protocol (so the command
 * endpoint and the client share one definition of it), and slf4j and logback exactly as their
 * jars export them as bundles (docs/decisions.md, "Logging on the classpath": logging lives on the
 * classpath so it works before the framework and without a service loader mediator). That includes
 * slf4j's second export at 1.7.36, so bundles built against slf4j 1.7 resolve too.
 */
final class SystemPackages {

    static final String CONTRACTS_VERSION = "1.0.0";

    private SystemPackages() {
    }

    static String extra() {
        StringJoiner out = new StringJoiner(",");
        out.add("dev.capstan.process;version=" + CONTRACTS_VERSION);
        out.add("dev.capstan.container;version=" + CONTRACTS_VERSION);
        out.add("dev.capstan.ctl.protocol;version=" + CONTRACTS_VERSION);
        out.add(exports(org.slf4j.LoggerFactory.class));
        out.add(exports(ch.qos.logback.classic.LoggerContext.class));
        out.add(exports(ch.qos.logback.core.Context.class));
        return out.toString();
    }

    /** The Export-Package header of the jar that holds {@code marker}. */
    private static String exports(Class<?> marker) {
        try (JarFile jar = new JarFile(Path.of(marker.getProtectionDomain().getCodeSource().getLocation().toURI()).toFile())) {
            String header = jar.getManifest().getMainAttributes().getValue("Export-Package");
            if (header == null) {
                throw new IllegalStateException(jar.getName() + " has no Export-Package header");
            }
            return header;
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + marker.getName() + "'s jar", e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
