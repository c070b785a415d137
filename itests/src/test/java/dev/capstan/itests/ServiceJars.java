package dev.capstan.itests;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/** Service bundles as the recipe makes them (a manifest and an OSGI-INF/capstan/*.conf), written for FileInstall. */
final class ServiceJars {

    private ServiceJars() {
    }

    /**
     * Writes the bundle next to the target and moves it in, so FileInstall never sees half a jar.
     */
    static void deploy(Path target, String symbolicName, String version, String conf) throws IOException {
        Manifest m = new Manifest();
        m.getMainAttributes().putValue("Manifest-Version", "1.0");
        m.getMainAttributes().putValue("Bundle-ManifestVersion", "2");
        m.getMainAttributes().putValue("Bundle-SymbolicName", symbolicName);
        m.getMainAttributes().putValue("Bundle-Version", version);
        Path tmp = target.resolveSibling("." + target.getFileName() + ".tmp");
        try (OutputStream out = Files.newOutputStream(tmp); JarOutputStream jar = new JarOutputStream(out, m)) {
            jar.putNextEntry(new JarEntry("OSGI-INF/capstan/service.conf"));
            jar.write(conf.getBytes(StandardCharsets.UTF_8));
            jar.closeEntry();
        }
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
