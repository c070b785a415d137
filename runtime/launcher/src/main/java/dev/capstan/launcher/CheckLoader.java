package dev.capstan.launcher;

import dev.capstan.container.ConfigCheck;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.stream.Stream;

/**
 * {@code capstan --check} without the framework: the config bundle, the API bundle and SnakeYAML
 * are plain jars too, so they are loaded by one class loader over the launcher's classpath (the
 * kernel's types, slf4j), and the config bundle's {@link ConfigCheck} runs the reader it runs at
 * boot. Booting Felix with the config bundle alone would run the same code after a second of
 * framework start, and would need ConfigAdmin and SCR to do nothing; this starts no thread, no
 * kernel, no socket.
 */
final class CheckLoader {

    /** The jars the reader needs, by the start of their file names under bundles/. */
    private static final List<String> JARS = List.of("dev.capstan.config-", "dev.capstan.api-", "snakeyaml-");

    private CheckLoader() {
    }

    /** @throws IllegalStateException when the distribution lacks one of the jars */
    static int check(Distribution dist, Path config, boolean json, PrintStream out, PrintStream err) {
        List<URL> urls = new ArrayList<>();
        for (String prefix : JARS) {
            urls.add(url(find(dist.bundles(), prefix)));
        }
        try (URLClassLoader loader = new URLClassLoader(urls.toArray(URL[]::new), CheckLoader.class.getClassLoader())) {
            ConfigCheck check = ServiceLoader.load(ConfigCheck.class, loader).findFirst()
                    .orElseThrow(() -> new IllegalStateException(urls.get(0) + ": provides no " + ConfigCheck.class.getName()));
            return check.check(config, json, out, err);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path find(Path bundles, String prefix) {
        try (Stream<Path> walk = Files.walk(bundles, 2)) {
            return walk.filter(p -> p.getFileName().toString().startsWith(prefix) && p.toString().endsWith(".jar"))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException(bundles + ": no " + prefix + "*.jar; is this a distribution?"));
        } catch (IOException e) {
            throw new IllegalStateException(bundles + ": " + e.getMessage());
        }
    }

    private static URL url(Path jar) {
        try {
            return jar.toUri().toURL();
        } catch (MalformedURLException e) {
            throw new IllegalStateException(jar + ": " + e.getMessage());
        }
    }
}
