package dev.capstan.etcd;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The {@code dev.capstan.etcd} configuration, which the config bundle has checked and typed from
 * {@code [etcd]} (docs/configuration.md); here it is only taken apart.
 *
 * @param commitKey null: each change applies as it comes
 * @param username  null without etcd authentication (then {@code password} is null too)
 * @param caFile    null: the JDK's trusted certificates
 * @param certFile  null without a client certificate (then {@code keyFile} is null too)
 */
record EtcdSettings(List<URI> endpoints, String prefix, String commitKey, String username, String password,
        Path caFile, Path certFile, Path keyFile, Duration hookTimeout) {

    static final Duration DEFAULT_HOOK_TIMEOUT = Duration.ofSeconds(60);

    /** @throws IllegalArgumentException for a configuration the config bundle would not have made */
    static EtcdSettings of(Map<String, Object> config) {
        List<URI> endpoints = new ArrayList<>();
        for (String endpoint : strings(config.get("endpoints"))) {
            endpoints.add(URI.create(endpoint));
        }
        if (endpoints.isEmpty() || !(config.get("prefix") instanceof String)) {
            throw new IllegalArgumentException("needs endpoints and prefix (docs/configuration.md, [etcd])");
        }
        Object hookTimeout = config.get("hook_timeout_ms");
        return new EtcdSettings(List.copyOf(endpoints), (String) config.get("prefix"), (String) config.get("commit_key"),
                (String) config.get("username"), (String) config.get("password"), path(config.get("ca_file")),
                path(config.get("cert_file")), path(config.get("key_file")),
                hookTimeout == null ? DEFAULT_HOOK_TIMEOUT : Duration.ofMillis(((Number) hookTimeout).longValue()));
    }

    /**
     * The {@code capstan.source} of the services this source defines, and the name its switches
     * go by: one name whatever the prefix, since there is one {@code [etcd]}, so that a new prefix
     * (another node id) replaces the old one's services and switches by difference.
     */
    String source() {
        return "etcd";
    }

    /** Whether any endpoint is TLS (then the certificate files are read). */
    boolean tls() {
        for (URI endpoint : endpoints) {
            if (endpoint.getScheme().equals("https")) {
                return true;
            }
        }
        return false;
    }

    private static List<String> strings(Object value) {
        if (value instanceof String[] array) {
            return List.of(array);
        }
        if (value instanceof Iterable<?> items) {
            List<String> out = new ArrayList<>();
            for (Object item : items) {
                out.add(String.valueOf(item));
            }
            return out;
        }
        return value == null ? List.of() : List.of(String.valueOf(value).split("\\s*,\\s*"));
    }

    private static Path path(Object value) {
        return value == null ? null : Path.of(value.toString());
    }
}
