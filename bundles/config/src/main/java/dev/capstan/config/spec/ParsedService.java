package dev.capstan.config.spec;

import dev.capstan.api.ServiceSpec;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A service that parsed: its spec, and the key/values it was made of, which are what a
 * configuration of {@code dev.capstan.service} carries (docs/decisions.md, "One model, several
 * readers").
 */
public record ParsedService(ServiceSpec spec, KeyValues values) {

    /** The file and line of its section (or list entry), as {@code status} shows it. */
    public String origin() {
        return values.origin().toString();
    }

    /** The keys that make the spec; ignored supervisord keys are left out, having been warned about once. */
    public Map<String, String> properties() {
        Map<String, String> properties = new LinkedHashMap<>();
        values.asMap().forEach((k, v) -> {
            if (ServiceSpecParser.ignored(k) == null) {
                properties.put(k, v);
            }
        });
        return properties;
    }
}
