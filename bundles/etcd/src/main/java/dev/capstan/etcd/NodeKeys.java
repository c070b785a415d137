package dev.capstan.etcd;

import dev.capstan.api.ServiceText;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * A node's keys read by their layout (docs/fleet.md), relative to the node's prefix:
 * <ul>
 * <li>{@code services/NAME}: the definition of the service NAME, INI {@code [program:NAME]} or
 * YAML {@code services:};</li>
 * <li>{@code SVC/enable}: {@code "true"} or {@code "false"}, the switch of the service (or group)
 * SVC, wherever it is defined;</li>
 * <li>{@code SVC/hook}: a command {@code /bin/sh -c} runs before SVC starts when its keys changed;</li>
 * <li>{@code SVC/ANYTHING}: data of SVC for its hook. Every key {@code SVC/...} but {@code enable}
 * is what "its keys" means.</li>
 * </ul>
 * Keys right under the prefix (no {@code /}) belong to the node, not to a service, and are left
 * alone. A key that breaks the layout is an error naming it.
 */
final class NodeKeys {

    static final String DEFINITIONS = "services/";
    static final String ENABLE = "enable";
    static final String HOOK = "hook";

    private final List<ServiceText> definitions = new ArrayList<>();
    private final Map<String, Boolean> switches = new TreeMap<>();
    private final Map<String, String> hooks = new TreeMap<>();
    private final Map<String, Map<String, String>> data = new TreeMap<>();
    private final List<String> errors = new ArrayList<>();

    private NodeKeys() {
    }

    static NodeKeys of(String prefix, Collection<KeyValue> kvs) {
        NodeKeys keys = new NodeKeys();
        for (KeyValue kv : kvs) {
            if (kv.key().startsWith(prefix)) {
                keys.add(kv.key(), kv.key().substring(prefix.length()), kv.value());
            }
        }
        return keys;
    }

    private void add(String key, String relative, String value) {
        if (relative.startsWith(DEFINITIONS)) {
            String name = relative.substring(DEFINITIONS.length());
            if (name.isEmpty() || name.contains("/")) {
                errors.add(where(key) + ": not a definition: services/NAME, one name without /, holds a service's definition");
            } else {
                definitions.add(new ServiceText(name, where(key), value));
            }
            return;
        }
        int slash = relative.indexOf('/');
        if (slash <= 0) {
            return;
        }
        String service = relative.substring(0, slash);
        String what = relative.substring(slash + 1);
        if (what.equals(ENABLE)) {
            String v = value.strip().toLowerCase(Locale.ROOT);
            if (v.equals("true") || v.equals("false")) {
                switches.put(service, v.equals("true"));
            } else {
                errors.add(where(key) + ": " + ENABLE + "=" + value + ": not \"true\" or \"false\"");
            }
            return;
        }
        if (what.equals(HOOK)) {
            hooks.put(service, value);
        }
        data.computeIfAbsent(service, s -> new TreeMap<>()).put(what, value);
    }

    /** How errors and {@code status} name a key. */
    static String where(String key) {
        return "etcd " + key;
    }

    List<ServiceText> definitions() {
        return definitions;
    }

    /** Service or group name to on. */
    Map<String, Boolean> switches() {
        return switches;
    }

    /** Service name to its hook's command. */
    Map<String, String> hooks() {
        return hooks;
    }

    /** A service's keys but its switch, relative to {@code SVC/}: what its hook is run for. */
    Map<String, String> data(String service) {
        return data.getOrDefault(service, Map.of());
    }

    /** Keys that break the layout, each naming its key. */
    List<String> errors() {
        return errors;
    }
}
