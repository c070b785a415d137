package dev.capstan.config.admin;

import dev.capstan.api.ConfigurationPids;
import dev.capstan.api.Fault;
import dev.capstan.api.ReloadPlan;
import dev.capstan.api.ServiceSpec;
import dev.capstan.api.SupervisorException;
import dev.capstan.config.ConfigFileReader;
import dev.capstan.config.spec.ConfigException;
import dev.capstan.config.spec.Host;
import dev.capstan.config.spec.MainCommand;
import dev.capstan.config.spec.ParsedConfigFile;
import dev.capstan.config.spec.ParsedService;
import dev.capstan.config.spec.Warnings;
import dev.capstan.ctl.protocol.ControlProtocol;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.osgi.service.cm.ConfigurationAdmin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The configuration file (or s6-overlay tree) given with {@code -c}, read whole and then
 * published: a file that does not read throws before anything is published, so the running set
 * stays exactly as it was. The container's CMD is defined once, at the first read: a reload that
 * changes the services it waited for must not restart the container's main program. The methods
 * are those of {@link dev.capstan.api.ConfigFileService}, which {@link ConfigFileComponent} offers
 * with this behind it.
 */
public final class ConfigFile {

    private static final Logger LOG = LoggerFactory.getLogger(ConfigFile.class);

    private final Path file;
    private final String socket;
    private final Supplier<Host> host;
    private final ConfigurationPublisher publisher;
    private final List<String> cmd;
    /** The CMD as the first good read made it; null until then or without a CMD. */
    private ParsedService mainCommand;

    /**
     * @param file   the file, or null when Capstan was started without one
     * @param socket the {@code --socket} path, or null; it overrides {@code [unix_http_server] file}
     * @param host   read anew for each read, so a reload sees the current users
     */
    public ConfigFile(ConfigurationAdmin admin, Path file, String socket, Supplier<Host> host) {
        this(admin, file, socket, host, List.of());
    }

    /** @param cmd the container's CMD ({@code capstan -- CMD}), empty for none */
    public ConfigFile(ConfigurationAdmin admin, Path file, String socket, Supplier<Host> host, List<String> cmd) {
        this.cmd = List.copyOf(cmd);
        this.file = file == null ? null : file.toAbsolutePath().normalize();
        this.socket = socket == null || socket.isBlank() ? null : socket;
        this.host = host;
        this.publisher = new ConfigurationPublisher(admin, this.file == null ? "" : this.file.toString());
    }

    public Path file() {
        return file;
    }

    public synchronized ReloadPlan reread() {
        return publisher.plan(read());
    }

    public synchronized ReloadPlan update(Collection<String> names) {
        ParsedConfigFile config = read();
        config.warnings().log(LOG);
        return publish(new ParsedConfigFile(config.services(), config.supervisor(), control(config.control()),
                config.inet(), config.etcd(), config.warnings()), names);
    }

    public synchronized List<ServiceSpec> services() {
        List<ServiceSpec> specs = new ArrayList<>();
        for (ParsedService s : read().services()) {
            specs.add(s.spec());
        }
        return specs;
    }

    public synchronized List<String> withdraw(Collection<String> names) {
        try {
            return publisher.withdraw(names);
        } catch (UncheckedIOException e) {
            throw new SupervisorException(Fault.FAILED, "cannot withdraw the configuration: " + e.getCause().getMessage());
        }
    }

    /** Without a file there are no services to publish, but the control socket is still configured (and bound). */
    public synchronized void publishSocketOnly() {
        publish(new ParsedConfigFile(List.of(), null, control(null), new Warnings()), List.of());
    }

    private ReloadPlan publish(ParsedConfigFile config, Collection<String> names) {
        try {
            return publisher.publish(config, names);
        } catch (UncheckedIOException e) {
            throw new SupervisorException(Fault.FAILED, "cannot store the configuration: " + e.getCause().getMessage());
        }
    }

    private ParsedConfigFile read() {
        if (file == null) {
            throw new SupervisorException(Fault.CANT_REREAD, "no configuration file: Capstan was started without -c");
        }
        ParsedConfigFile config;
        try {
            config = new ConfigFileReader(host.get()).read(file, cmd);
        } catch (ConfigException e) {
            throw new SupervisorException(Fault.CANT_REREAD, e.getMessage());
        }
        return cmd.isEmpty() ? config : withFirstMainCommand(config);
    }

    private ParsedConfigFile withFirstMainCommand(ParsedConfigFile config) {
        List<ParsedService> services = new ArrayList<>();
        for (ParsedService s : config.services()) {
            if (!s.spec().name().equals(MainCommand.NAME)) {
                services.add(s);
            } else if (mainCommand == null) {
                mainCommand = s;
            }
        }
        services.add(mainCommand);
        return new ParsedConfigFile(services, config.supervisor(), config.control(), config.inet(), config.etcd(),
                config.warnings());
    }

    /**
     * {@code [unix_http_server]}, with {@code --socket} overriding its {@code file}; empty when
     * the file has no such section. Sets the services' {@code SUPERVISOR_SERVER_URL} to that socket. Always published, and only once a file has been read whole:
     * the HTTP server binds the control socket when it gets this configuration, so a file Capstan
     * rejects binds nothing.
     */
    private Map<String, String> control(Map<String, String> fromFile) {
        Map<String, String> control = fromFile == null ? new LinkedHashMap<>() : new LinkedHashMap<>(fromFile);
        if (socket != null) {
            control.put("file", socket);
        }
        Path path = control.containsKey("file") ? Path.of(control.get("file")) : ControlProtocol.defaultSocket();
        System.setProperty(ConfigurationPids.SERVER_URL_PROPERTY, "unix://" + path.toAbsolutePath().normalize());
        return control;
    }
}
