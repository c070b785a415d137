package dev.capstan.config.yaml;

import dev.capstan.config.spec.ConfigException;
import dev.capstan.config.spec.ConfigLimits;
import dev.capstan.config.spec.ConfigText;
import dev.capstan.config.spec.EnvironmentList;
import dev.capstan.config.spec.Host;
import dev.capstan.config.spec.KeySuggestion;
import dev.capstan.config.spec.KeyValues;
import dev.capstan.config.spec.Location;
import dev.capstan.config.spec.ParsedConfigFile;
import dev.capstan.config.spec.ParsedService;
import dev.capstan.config.spec.ServiceGraph;
import dev.capstan.config.spec.ServiceSpecParser;
import dev.capstan.config.spec.SettingsParser;
import dev.capstan.config.spec.ShellWords;
import dev.capstan.config.spec.Warnings;
import java.io.StringReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.events.NodeEvent;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads the {@code services:} YAML schema (name, exec, env, restart, working_directory, user,
 * priority, stop_timeout, stdout, kind, events, auto_start, start_retries, start_secs,
 * stop_signal, exit_codes; scope, enable and use_packaged as a layer's service entries have them)
 * plus every INI key under its INI name. Each entry becomes the same key/values the INI reader
 * makes and goes through the same parser; errors carry the line of the YAML node, and every bad
 * entry is reported at once.
 *
 * <p>Top level: {@code services} (a list), and optionally {@code capstan} (the keys of
 * {@code [capstan]}), {@code control} (those of {@code [unix_http_server]}) and {@code http} (those
 * of {@code [inet_http_server]}).
 */
public final class YamlReader {

    private static final List<String> TOP_LEVEL = List.of("services", "capstan", "control", "http");

    /** The {@code services:} schema's own names; any other key of an entry is an INI key. */
    public static final List<String> SCHEMA = List.of("name", "exec", "env", "restart", "working_directory", "user",
            "priority", "stop_timeout", "stdout", "stderr", "kind", "events", "auto_start", "start_retries",
            "start_secs", "stop_signal", "exit_codes", "scope", "enable", "use_packaged");

    /** The top-level keys. */
    public static final List<String> TOP_LEVEL_KEYS = TOP_LEVEL;

    private final ServiceSpecParser parser;
    private final SettingsParser settings;

    public YamlReader(Host host) {
        this.parser = new ServiceSpecParser(host.users());
        this.settings = new SettingsParser(host.users());
    }

    /** @throws ConfigException at the first problem, with file and line */
    public ParsedConfigFile read(Path file) {
        String fileName = file.toString();
        ConfigLimits limits = new ConfigLimits();
        Node root = compose(ConfigText.read(file), fileName, limits);
        if (root == null) {
            throw new ConfigException(Location.of(fileName), null, "empty: a configuration needs services:");
        }
        Warnings warnings = new Warnings();
        Map<String, Node> top = new LinkedHashMap<>();
        for (NodeTuple t : mapping(root, fileName, "the top level").getValue()) {
            String key = scalar(t.getKeyNode(), fileName);
            if (!TOP_LEVEL.contains(key)) {
                throw new ConfigException(at(t.getKeyNode(), fileName), key, KeySuggestion.unknown("key", key, TOP_LEVEL));
            }
            if (top.put(key, t.getValueNode()) != null) {
                throw new ConfigException(at(t.getKeyNode(), fileName), key, "duplicate key");
            }
        }
        Map<String, Object> supervisor = null;
        Map<String, String> globalEnvironment = Map.of();
        if (top.containsKey("capstan")) {
            KeyValues values = keyValues(mapping(top.get("capstan"), fileName, "capstan"), fileName, Map.of("env", "environment"));
            supervisor = settings.supervisor(values, warnings);
            if (values.has("environment")) {
                globalEnvironment = EnvironmentList.parse(values.get("environment"));
            }
        }
        Map<String, String> control = null;
        if (top.containsKey("control")) {
            control = settings.control(keyValues(mapping(top.get("control"), fileName, "control"), fileName, Map.of()), warnings);
        }
        Map<String, String> inet = null;
        if (top.containsKey("http")) {
            inet = settings.inet(keyValues(mapping(top.get("http"), fileName, "http"), fileName, Map.of()), warnings);
        }
        Node services = top.get("services");
        if (services == null) {
            throw new ConfigException(at(root, fileName), "services", "missing: a configuration needs services:");
        }
        List<ParsedService> parsed = services(services, fileName, globalEnvironment, warnings, limits);
        return new ParsedConfigFile(ServiceGraph.startOrder(parsed), supervisor, control, inet, warnings);
    }

    /**
     * Reads the services of a text that is not a file of its own: a service bundle's
     * {@code OSGI-INF/capstan/*.yaml}. Only {@code services:} is allowed at the top level
     * (settings belong to the {@code -c} file). The services are not checked as a whole: their
     * dependencies may be defined elsewhere.
     *
     * @param source what locations name, e.g. {@code bundle dev.capstan.service.dbus 1.0.0 OSGI-INF/capstan/dbus.yaml}
     * @param limits counts the bundle's services, across its resources
     * @throws ConfigException at the first problem, with source and line
     */
    public List<ParsedService> readServices(String text, String source, Warnings warnings, ConfigLimits limits) {
        Node root = compose(text, source, limits);
        if (root == null) {
            throw new ConfigException(Location.of(source), null, "empty: a configuration needs services:");
        }
        Node services = null;
        for (NodeTuple t : mapping(root, source, "the top level").getValue()) {
            String key = scalar(t.getKeyNode(), source);
            if (!key.equals("services")) {
                throw new ConfigException(at(t.getKeyNode(), source), key,
                        TOP_LEVEL.contains(key) ? "not allowed here: only services:; settings belong in the -c file"
                                : KeySuggestion.unknown("key", key, List.of("services")));
            }
            if (services != null) {
                throw new ConfigException(at(t.getKeyNode(), source), key, "duplicate key");
            }
            services = t.getValueNode();
        }
        if (services == null) {
            throw new ConfigException(at(root, source), "services", "missing: a configuration needs services:");
        }
        return services(services, source, Map.of(), warnings, limits);
    }

    private List<ParsedService> services(Node services, String fileName, Map<String, String> globalEnvironment,
            Warnings warnings, ConfigLimits limits) {
        if (!(services instanceof SequenceNode)) {
            throw new ConfigException(at(services, fileName), "services", "expected a list of services (- name: ...)");
        }
        List<ParsedService> parsed = new ArrayList<>();
        List<ConfigException> errors = new ArrayList<>();
        for (Node entry : ((SequenceNode) services).getValue()) {
            try {
                limits.addServices(1, at(entry, fileName), "services");
                KeyValues values = ServiceEntry.toKeyValues(mapping(entry, fileName, "a service"), fileName, globalEnvironment);
                if (ServiceEntry.loaded(values, warnings)) {
                    parsed.add(parser.parse(values, warnings));
                }
            } catch (ConfigLimits.Exceeded e) {
                errors.add(e);
                break;
            } catch (ConfigException e) {
                errors.add(e);
            }
        }
        if (!errors.isEmpty()) {
            throw ConfigException.of(errors);
        }
        return parsed;
    }

    /**
     * The text's node tree, composed only once its lines and nodes were counted on SnakeYAML's
     * event stream, which holds nothing: a tree past the limits would cost far more than its text.
     */
    private static Node compose(String text, String fileName, ConfigLimits limits) {
        try {
            limits.scanLines(text, fileName);
            for (Event e : new Yaml(new LoaderOptions()).parse(new StringReader(text))) {
                if (e instanceof NodeEvent) {
                    limits.addYamlNode(e.getStartMark().getLine() + 1, fileName);
                }
            }
            return new Yaml(new LoaderOptions()).compose(new StringReader(text));
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            Location where = mark == null ? Location.of(fileName) : new Location(fileName, mark.getLine() + 1);
            String problem = e.getProblem() != null ? e.getProblem() : e.getMessage();
            Mark contextMark = e.getContextMark();
            String context = e.getContext() == null ? ""
                    : " (" + e.getContext() + (contextMark == null ? "" : " at line " + (contextMark.getLine() + 1)) + ")";
            throw new ConfigException(where, null, "not valid YAML: " + problem + context);
        } catch (YAMLException e) {
            throw new ConfigException(Location.of(fileName), null, "not valid YAML: " + e.getMessage());
        }
    }

    /** A mapping's scalar keys and values as key/values; a mapping value (env) becomes an environment list. */
    static KeyValues keyValues(MappingNode node, String fileName, Map<String, String> aliases) {
        KeyValues values = new KeyValues(at(node, fileName));
        for (NodeTuple t : node.getValue()) {
            String written = scalar(t.getKeyNode(), fileName);
            String key = aliases.getOrDefault(written, written);
            Location where = at(t.getKeyNode(), fileName);
            if (values.has(key)) {
                throw new ConfigException(where, written, "duplicate key (also set at line " + values.location(key).line() + ")");
            }
            Node value = t.getValueNode();
            if (isNull(value)) {
                continue;
            }
            values.put(key, text(key, value, fileName), where);
        }
        return values;
    }

    /**
     * A value as the INI text it stands for: a list joins with commas (a command's words are
     * quoted so that they split back to exactly these words), a mapping is KEY="value",...
     */
    static String text(String key, Node value, String fileName) {
        if (value instanceof ScalarNode) {
            return ((ScalarNode) value).getValue();
        }
        if (value instanceof SequenceNode) {
            List<String> items = new ArrayList<>();
            for (Node item : ((SequenceNode) value).getValue()) {
                String word = scalar(item, fileName);
                items.add(key.equals("command") ? ShellWords.join(List.of(word)) : word);
            }
            return String.join(key.equals("command") ? " " : ",", items);
        }
        if (!key.equals("environment")) {
            throw new ConfigException(at(value, fileName), key, "expected a plain value, not a mapping");
        }
        Map<String, String> env = new LinkedHashMap<>();
        for (NodeTuple t : ((MappingNode) value).getValue()) {
            String name = scalar(t.getKeyNode(), fileName);
            if (env.put(name, isNull(t.getValueNode()) ? "" : scalar(t.getValueNode(), fileName)) != null) {
                throw new ConfigException(at(t.getKeyNode(), fileName), key + "." + name, "duplicate key");
            }
        }
        try {
            return EnvironmentList.format(env);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(at(value, fileName), key, e.getMessage());
        }
    }

    static MappingNode mapping(Node node, String fileName, String what) {
        if (!(node instanceof MappingNode)) {
            throw new ConfigException(at(node, fileName), null, "expected a mapping (key: value) for " + what);
        }
        return (MappingNode) node;
    }

    static String scalar(Node node, String fileName) {
        if (!(node instanceof ScalarNode)) {
            throw new ConfigException(at(node, fileName), null, "expected a plain value here, not a list or mapping");
        }
        return ((ScalarNode) node).getValue();
    }

    static boolean isNull(Node node) {
        return node instanceof ScalarNode && node.getTag().equals(Tag.NULL);
    }

    static Location at(Node node, String fileName) {
        return new Location(fileName, node.getStartMark().getLine() + 1);
    }
}
