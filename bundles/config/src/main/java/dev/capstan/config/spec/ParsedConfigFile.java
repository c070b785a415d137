package dev.capstan.config.spec;

import java.util.List;
import java.util.Map;

/**
 * A configuration file read whole and found good: what is published to ConfigAdmin.
 *
 * @param services   every service, in start order
 * @param supervisor the properties of {@code dev.capstan.supervisor}, typed ({@link SettingsParser}); null when
 *                   the file has no such section
 * @param control    the properties of {@code dev.capstan.control}; null when the file has no such section
 * @param inet       the properties of {@code dev.capstan.inet}; null when the file has no {@code [inet_http_server]}
 * @param etcd       the properties of {@code dev.capstan.etcd}, typed ({@link SettingsParser#etcd}); null when the
 *                   file has no {@code [etcd]}
 * @param warnings   what was accepted but is not implemented, to be logged
 */
public record ParsedConfigFile(List<ParsedService> services, Map<String, Object> supervisor,
        Map<String, String> control, Map<String, String> inet, Map<String, Object> etcd, Warnings warnings) {

    public ParsedConfigFile {
        services = List.copyOf(services);
    }

    /** A file without {@code [etcd]}. */
    public ParsedConfigFile(List<ParsedService> services, Map<String, Object> supervisor, Map<String, String> control,
            Map<String, String> inet, Warnings warnings) {
        this(services, supervisor, control, inet, null, warnings);
    }

    /** A file without {@code [inet_http_server]} and {@code [etcd]}. */
    public ParsedConfigFile(List<ParsedService> services, Map<String, Object> supervisor, Map<String, String> control,
            Warnings warnings) {
        this(services, supervisor, control, null, null, warnings);
    }
}
