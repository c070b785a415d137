package dev.capstan.config;

import dev.capstan.config.ini.IniReader;
import dev.capstan.config.s6.S6TreeReader;
import dev.capstan.config.spec.ConfigException;
import dev.capstan.config.spec.Host;
import dev.capstan.config.spec.ParsedConfigFile;
import dev.capstan.config.yaml.YamlReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Reads what {@code -c} names: a directory is an s6-overlay tree, a {@code .yaml}/{@code .yml}
 * file services YAML, any other file supervisord INI.
 */
public final class ConfigFileReader {

    private final Host host;

    public ConfigFileReader(Host host) {
        this.host = host;
    }

    /** @throws ConfigException naming file, line and key; nothing has been published */
    public ParsedConfigFile read(Path file) {
        if (Files.isDirectory(file)) {
            return new S6TreeReader(host).read(file);
        }
        return isYaml(file) ? new YamlReader(host).read(file) : new IniReader(host).read(file);
    }

    static boolean isYaml(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".yaml") || name.endsWith(".yml");
    }
}
