package dev.capstan.config;

import dev.capstan.config.ini.IniReader;
import dev.capstan.config.spec.ConfigException;
import dev.capstan.config.spec.Host;
import dev.capstan.config.spec.ParsedConfigFile;
import dev.capstan.config.yaml.YamlReader;
import java.nio.file.Path;
import java.util.Locale;

/** Reads the file given with {@code -c}: YAML for {@code .yaml}/{@code .yml}, supervisord INI for anything else. */
public final class ConfigFileReader {

    private final Host host;

    public ConfigFileReader(Host host) {
        this.host = host;
    }

    /** @throws ConfigException naming file, line and key; nothing has been published */
    public ParsedConfigFile read(Path file) {
        return isYaml(file) ? new YamlReader(host).read(file) : new IniReader(host).read(file);
    }

    static boolean isYaml(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".yaml") || name.endsWith(".yml");
    }
}
