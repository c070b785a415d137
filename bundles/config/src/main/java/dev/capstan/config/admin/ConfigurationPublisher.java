package dev.capstan.config.admin;

import dev.capstan.api.ConfigurationPids;
import dev.capstan.api.ReloadPlan;
import dev.capstan.config.spec.ParsedConfigFile;
import dev.capstan.config.spec.ParsedService;
import dev.capstan.config.spec.Warnings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Dictionary;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.osgi.framework.Constants;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * Publishes a configuration file's services as factory configurations of
 * {@code dev.capstan.service} (docs/decisions.md, "One model, several readers"), and its settings
 * as {@code dev.capstan.supervisor}, {@code dev.capstan.control}, {@code dev.capstan.inet} and
 * {@code dev.capstan.etcd}. Only
 * what changed is written: an unchanged service's configuration is not updated, so its consumer is
 * not called and the service is not touched. Configurations are marked with the file they came
 * from, so those made by FileInstall or by other sources are never changed or deleted here.
 */
public final class ConfigurationPublisher {

    /** Property marking a configuration as published from this configuration file. */
    public static final String SOURCE = "capstan.source";

    /** ConfigAdmin's own properties, not part of what a configuration says. */
    private static final List<String> ADMIN_KEYS = List.of(
            Constants.SERVICE_PID, ConfigurationAdmin.SERVICE_FACTORYPID, ConfigurationAdmin.SERVICE_BUNDLELOCATION);

    private final ConfigurationAdmin admin;
    private final String source;

    /** @param source the configuration file, as an absolute path */
    public ConfigurationPublisher(ConfigurationAdmin admin, String source) {
        this.admin = admin;
        this.source = source;
    }

    /** What {@link #publish} would change, without changing it ({@code reread}). */
    public ReloadPlan plan(ParsedConfigFile config) {
        return diff(config, published(), List.of());
    }

    /**
     * Deletes the configurations of vanished services, then writes new and changed ones in start
     * order, so the engine hears of them in that order.
     *
     * @param names full names, names or group names to apply; empty for all (and then the
     *              settings sections too)
     * @throws UncheckedIOException when ConfigAdmin cannot store a configuration
     */
    public ReloadPlan publish(ParsedConfigFile config, Collection<String> names) {
        try {
            ReloadPlan plan = publishServices(config, names, false);
            if (names.isEmpty()) {
                publishSettings(ConfigurationPids.SUPERVISOR, config.supervisor());
                publishSettings(ConfigurationPids.CONTROL, config.control());
                publishSettings(ConfigurationPids.INET_HTTP, config.inet());
                publishSettings(ConfigurationPids.ETCD, config.etcd());
            }
            return plan;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Makes this source's service configurations exactly these, and touches no settings: the
     * path of a service bundle. An empty list deletes every configuration of the source. A new
     * origin alone (the bundle's new version) is written too: the engine takes it without
     * touching the service.
     *
     * @throws UncheckedIOException when ConfigAdmin cannot store a configuration
     */
    public ReloadPlan publishServices(List<ParsedService> services) {
        try {
            return publishServices(new ParsedConfigFile(services, null, null, new Warnings()), List.of(), true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Deletes the published configurations of the selected services, so that the engine forgets
     * them and a later {@link #plan} or {@link #publish} finds them new.
     *
     * @param names full names, names or group names
     * @return the full names of the services withdrawn, sorted
     * @throws UncheckedIOException when ConfigAdmin cannot delete a configuration
     */
    public List<String> withdraw(Collection<String> names) {
        List<String> withdrawn = new ArrayList<>();
        try {
            for (Map.Entry<String, Configuration> e : published().entrySet()) {
                String group = groupOf(e.getValue(), e.getKey());
                if (!names.isEmpty() && selected(e.getKey(), group, names)) {
                    e.getValue().delete();
                    withdrawn.add(group.equals(e.getKey()) ? e.getKey() : group + ":" + e.getKey());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        withdrawn.sort(null);
        return withdrawn;
    }

    private ReloadPlan publishServices(ParsedConfigFile config, Collection<String> names, boolean originCounts)
            throws IOException {
        Map<String, Configuration> published = published();
        ReloadPlan plan = diff(config, published, names);
        for (Map.Entry<String, Configuration> gone : vanished(config, published, names).entrySet()) {
            gone.getValue().delete();
        }
        for (ParsedService s : config.services()) {
            if (!selected(s.spec().name(), s.spec().group(), names)) {
                continue;
            }
            Configuration c = published.get(s.spec().name());
            Map<String, String> wanted = properties(s);
            if (c == null) {
                c = admin.getFactoryConfiguration(ConfigurationPids.SERVICE, alias(s), "?");
                c.update(dictionary(wanted));
            } else if (originCounts ? !wanted.equals(current(c)) : !withoutOrigin(wanted).equals(withoutOrigin(current(c)))) {
                // A file's section that only moved keeps its old origin line: not worth touching the service for.
                c.update(dictionary(wanted));
            }
        }
        return plan;
    }

    private ReloadPlan diff(ParsedConfigFile config, Map<String, Configuration> published, Collection<String> names) {
        List<String> added = new ArrayList<>();
        List<String> changed = new ArrayList<>();
        List<String> removed = new ArrayList<>();
        for (ParsedService s : config.services()) {
            Configuration c = published.get(s.spec().name());
            if (!selected(s.spec().name(), s.spec().group(), names)) {
                continue;
            }
            if (c == null) {
                added.add(s.spec().fullName());
            } else if (!withoutOrigin(properties(s)).equals(withoutOrigin(current(c)))) {
                changed.add(s.spec().fullName());
            }
        }
        vanished(config, published, names).forEach((name, c) -> {
            String group = groupOf(c, name);
            removed.add(group.equals(name) ? name : group + ":" + name);
        });
        return new ReloadPlan(added, changed, removed);
    }

    /** Published services the file no longer has, among those selected. */
    private static Map<String, Configuration> vanished(ParsedConfigFile config, Map<String, Configuration> published,
            Collection<String> names) {
        Map<String, Configuration> gone = new LinkedHashMap<>(published);
        config.services().forEach(s -> gone.remove(s.spec().name()));
        gone.entrySet().removeIf(e -> !selected(e.getKey(), groupOf(e.getValue(), e.getKey()), names));
        return gone;
    }

    private static String groupOf(Configuration c, String name) {
        Object group = c.getProperties().get("group");
        return group == null ? name : group.toString();
    }

    private static boolean selected(String name, String group, Collection<String> names) {
        return names.isEmpty() || names.contains(name) || names.contains(group) || names.contains(group + ":" + name)
                || names.contains(group + ":*");
    }

    /** This file's service configurations, by service name. */
    private Map<String, Configuration> published() {
        String filter = "(&(" + ConfigurationAdmin.SERVICE_FACTORYPID + "=" + ConfigurationPids.SERVICE + ")("
                + SOURCE + "=" + escape(source) + "))";
        Map<String, Configuration> byName = new LinkedHashMap<>();
        try {
            Configuration[] found = admin.listConfigurations(filter);
            for (Configuration c : found == null ? new Configuration[0] : found) {
                Object name = c.getProperties().get("name");
                if (name != null) {
                    byName.putIfAbsent(name.toString(), c);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException("bad filter " + filter, e);
        }
        return byName;
    }

    /**
     * The name of a service's factory configuration, so its PID reads {@code
     * dev.capstan.service~web@/etc/capstan/capstan.conf}: unique per source and service. An
     * unnamed one ({@code createFactoryConfiguration}) gets a random UUID from a SecureRandom
     * that ConfigAdmin creates for it: its classes and a hash per service for nothing.
     */
    private String alias(ParsedService s) {
        return s.spec().name() + "@" + source;
    }

    /** The PID this source's configuration of the service {@code name} has, or would have. */
    String pidOf(String name) {
        return ConfigurationPids.SERVICE + "~" + name + "@" + source;
    }

    private Map<String, String> properties(ParsedService s) {
        Map<String, String> p = new LinkedHashMap<>(s.properties());
        p.put(ConfigurationPids.ORIGIN, s.origin());
        p.put(SOURCE, source);
        return p;
    }

    /** A singleton settings PID: written when the file has the section, deleted when it no longer has. */
    private void publishSettings(String pid, Map<String, ?> values) throws IOException {
        Configuration c = admin.getConfiguration(pid, "?");
        Map<String, Object> current = c.getProperties() == null ? null : comparable(c.getProperties());
        if (values == null) {
            if (current != null && source.equals(current.get(SOURCE))) {
                c.delete();
            }
            return;
        }
        Dictionary<String, Object> wanted = new Hashtable<>(values);
        wanted.put(SOURCE, source);
        if (!comparable(wanted).equals(current)) {
            c.update(wanted);
        }
    }

    /** Properties without ConfigAdmin's own, with arrays as lists so that equal values compare equal. */
    private static Map<String, Object> comparable(Dictionary<String, Object> d) {
        Map<String, Object> map = new HashMap<>();
        for (Enumeration<String> keys = d.keys(); keys.hasMoreElements();) {
            String key = keys.nextElement();
            Object value = d.get(key);
            if (!ADMIN_KEYS.contains(key)) {
                map.put(key, value instanceof Object[] array ? Arrays.asList(array) : value);
            }
        }
        return map;
    }

    /** A service configuration's properties, which are all strings. */
    private static Map<String, String> current(Configuration c) {
        Map<String, String> map = new HashMap<>();
        for (Map.Entry<String, Object> e : comparable(c.getProperties()).entrySet()) {
            map.put(e.getKey(), Objects.toString(e.getValue()));
        }
        return map;
    }

    private static Map<String, String> withoutOrigin(Map<String, String> properties) {
        Map<String, String> copy = new LinkedHashMap<>(properties);
        copy.remove(ConfigurationPids.ORIGIN);
        return copy;
    }

    private static Dictionary<String, Object> dictionary(Map<String, String> map) {
        return new Hashtable<>(map);
    }

    /** RFC 1960 filter value escaping. */
    static String escape(String value) {
        StringBuilder out = new StringBuilder();
        for (char c : value.toCharArray()) {
            if (c == '\\' || c == '(' || c == ')' || c == '*') {
                out.append('\\');
            }
            out.append(c);
        }
        return out.toString();
    }
}
