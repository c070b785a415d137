package dev.capstan.launcher;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the installed distribution is: {@code bin/}, {@code lib/}, {@code bundles/},
 * {@code deploy/} and {@code etc/} under one home. bin/capstan passes {@code -Dcapstan.home};
 * without it, the home is the parent of the directory holding the launcher jar.
 */
record Distribution(Path home) {

    static Distribution locate() {
        String prop = System.getProperty("capstan.home");
        if (prop != null && !prop.isEmpty()) {
            return new Distribution(Path.of(prop).toAbsolutePath().normalize());
        }
        try {
            Path jar = Path.of(Distribution.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return new Distribution(jar.getParent().getParent().toAbsolutePath().normalize());
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot locate the launcher jar", e);
        }
    }

    /** Bundles installed at boot: {@code bundles/<start level>/*.jar}. */
    Path bundles() {
        return home.resolve("bundles");
    }

    /** Watched by FileInstall: service bundles and {@code .cfg} files come and go here. */
    Path deploy() {
        return home.resolve("deploy");
    }

    /** The demo configuration run when no {@code -c} is given. */
    Path defaultConfig() {
        return home.resolve("etc").resolve("capstan.conf");
    }

    boolean looksInstalled() {
        return Files.isDirectory(bundles());
    }
}
