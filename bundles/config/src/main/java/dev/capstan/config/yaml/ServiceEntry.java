package dev.capstan.config.yaml;

import dev.capstan.config.spec.ConfigException;
import dev.capstan.config.spec.EnvironmentList;
import dev.capstan.config.spec.KeyValues;
import dev.capstan.config.spec.Location;
import dev.capstan.config.spec.Values;
import dev.capstan.config.spec.Warnings;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.yaml.snakeyaml.nodes.MappingNode;

/** One entry of {@code services:} translated to INI key names. */
final class ServiceEntry {

    /** The schema's names for INI keys; every other key is taken under its INI name. */
    static final Map<String, String> ALIASES = Map.ofEntries(
            Map.entry("exec", "command"),
            Map.entry("env", "environment"),
            Map.entry("working_directory", "directory"),
            Map.entry("stop_timeout", "stopwaitsecs"),
            Map.entry("stdout", "stdout_logfile"),
            Map.entry("stderr", "stderr_logfile"),
            Map.entry("auto_start", "autostart"),
            Map.entry("start_retries", "startretries"),
            Map.entry("start_secs", "startsecs"),
            Map.entry("stop_signal", "stopsignal"),
            Map.entry("exit_codes", "exitcodes"));

    private ServiceEntry() {
    }

    static KeyValues toKeyValues(MappingNode node, String fileName, Map<String, String> globalEnvironment) {
        KeyValues values = YamlReader.keyValues(node, fileName, ALIASES);
        for (String stream : List.of("stdout", "stderr")) {
            String key = stream + "_logfile";
            if (values.has(key)) {
                values.put(key, output(values, key, stream), values.location(key));
            }
        }
        kind(values);
        if (!globalEnvironment.isEmpty()) {
            Map<String, String> env = new LinkedHashMap<>(globalEnvironment);
            if (values.has("environment")) {
                env.putAll(EnvironmentList.parse(values.get("environment")));
            }
            values.put("environment", EnvironmentList.format(env), values.location("environment"));
        }
        return values;
    }

    /**
     * Whether the entry is a service Capstan runs, the keys that decide it removed: {@code enable:
     * false} is an entry not loaded; {@code use_packaged:} names a distribution's systemd unit,
     * which a supervisord init cannot run, so the entry is skipped with a warning, as a layer's
     * supervisord renderer skips it; {@code scope: system | user} says where a systemd init would
     * install the unit and changes nothing here (the user a service runs as is {@code user:}).
     */
    static boolean loaded(KeyValues values, Warnings warnings) {
        if (values.has("scope")) {
            checked(values, "scope", t -> Values.choice(t, "system", "user"));
        }
        boolean enabled = !values.has("enable") || checked(values, "enable", Values::bool);
        boolean packaged = values.has("use_packaged");
        if (enabled && packaged) {
            String name = values.has("name") ? values.get("name") : "this entry";
            warnings.add(values.location("use_packaged"), "use_packaged=" + values.get("use_packaged"),
                    name + " skipped: a packaged systemd unit cannot run under a supervisord init; give it exec: to run it here");
        }
        values.remove("scope").remove("enable").remove("use_packaged");
        return enabled && !packaged;
    }

    private static <T> T checked(KeyValues values, String key, Function<String, T> parse) {
        try {
            return parse.apply(values.get(key));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(values.location(key), key + "=" + values.get(key), e.getMessage());
        }
    }

    /** {@code stdout: file:/path | console | journal | none}; a plain path or an INI value is also taken. */
    private static String output(KeyValues values, String key, String stream) {
        String text = values.get(key).trim();
        if (text.startsWith("file:")) {
            String path = text.substring("file:".length());
            if (path.isEmpty()) {
                throw new ConfigException(values.location(key), stream + "=" + text, "no path after file:");
            }
            return path;
        }
        switch (text.toLowerCase(Locale.ROOT)) {
            case "console":
            case "journal": // in a container the journal is the console
                return "/dev/" + stream;
            default:
                return text;
        }
    }

    /** {@code kind: program | eventlistener}: a listener needs events and starts first by default. */
    private static void kind(KeyValues values) {
        String kind = values.has("kind") ? values.get("kind").trim().toLowerCase(Locale.ROOT) : "program";
        Location where = values.location("kind");
        values.remove("kind");
        switch (kind) {
            case "program":
                if (values.has("events")) {
                    throw new ConfigException(values.location("events"), "events", "only for kind: eventlistener");
                }
                break;
            case "eventlistener":
                if (!values.has("events")) {
                    throw new ConfigException(where, "kind=eventlistener", "events: missing, an event listener needs events");
                }
                if (!values.has("priority")) {
                    values.put("priority", "-1", where);
                }
                break;
            default:
                throw new ConfigException(where, "kind=" + kind, "expected program or eventlistener");
        }
    }
}
