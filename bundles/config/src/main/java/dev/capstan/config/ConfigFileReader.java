package dev.capstan.config;

import dev.capstan.config.ini.IniReader;
import dev.capstan.config.s6.S6TreeReader;
import dev.capstan.config.spec.ConfigException;
import dev.capstan.config.spec.Host;
import dev.capstan.config.spec.MainCommand;
import dev.capstan.config.spec.ParsedConfigFile;
import dev.capstan.config.spec.ServiceSpecParser;
import dev.capstan.config.yaml.YamlReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Reads what {@code -c} names: a directory is an s6-overlay tree, a {@code .yaml}/{@code .yml}
 * file services YAML, any other file supervisord INI. The container's CMD, when there is one,
 * becomes one more service ({@link MainCommand}).
 */
public final class ConfigFileReader {

    private final Host host;

    public ConfigFileReader(Host host) {
        this.host = host;
    }

    /** @throws ConfigException naming file, line and key; nothing has been published */
    public ParsedConfigFile read(Path file) {
        return read(file, List.of());
    }

    /**
     * @param cmd the container's CMD, empty for none
     * @throws ConfigException naming file, line and key; nothing has been published
     */
    public ParsedConfigFile read(Path file, List<String> cmd) {
        if (Files.isDirectory(file)) {
            return new S6TreeReader(host).read(file, cmd);
        }
        ParsedConfigFile config = isYaml(file) ? new YamlReader(host).read(file) : new IniReader(host).read(file);
        if (cmd.isEmpty()) {
            return config;
        }
        return MainCommand.with(config, new ServiceSpecParser(host.users()).parse(
                MainCommand.keyValues(cmd, MainCommand.autostarted(config.services())), config.warnings()));
    }

    static boolean isYaml(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".yaml") || name.endsWith(".yml");
    }
}
