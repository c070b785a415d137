package dev.capstan.config.extender;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/** A service bundle made in memory: a manifest, optional headers and resources, no classes (as the recipe's bundles). */
final class TestBundles {

    private final Manifest manifest = new Manifest();
    private final Map<String, String> resources = new LinkedHashMap<>();

    private TestBundles(String symbolicName, String version) {
        manifest.getMainAttributes().putValue("Manifest-Version", "1.0");
        manifest.getMainAttributes().putValue("Bundle-ManifestVersion", "2");
        manifest.getMainAttributes().putValue("Bundle-SymbolicName", symbolicName);
        manifest.getMainAttributes().putValue("Bundle-Version", version);
    }

    static TestBundles bundle(String symbolicName, String version) {
        return new TestBundles(symbolicName, version);
    }

    TestBundles header(String name, String value) {
        manifest.getMainAttributes().putValue(name, value);
        return this;
    }

    TestBundles resource(String path, String text) {
        resources.put(path, text);
        return this;
    }

    InputStream jar() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JarOutputStream jar = new JarOutputStream(bytes, manifest)) {
            for (Map.Entry<String, String> r : resources.entrySet()) {
                jar.putNextEntry(new JarEntry(r.getKey()));
                jar.write(r.getValue().getBytes(StandardCharsets.UTF_8));
                jar.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new ByteArrayInputStream(bytes.toByteArray());
    }
}
