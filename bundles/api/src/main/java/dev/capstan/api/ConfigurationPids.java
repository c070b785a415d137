package dev.capstan.api;

/**
 * ConfigAdmin PIDs through which every configuration source reaches the engine (docs/decisions.md,
 * "One model, several readers").
 * Their properties use the INI key names of docs/configuration.md. No PID may contain '-':
 * FileInstall splits {@code deploy/PID-NAME.cfg} at the first one.
 */
public final class ConfigurationPids {

    /** Factory PID: one configuration per service ({@code deploy/dev.capstan.service-web.cfg}). */
    public static final String SERVICE = "dev.capstan.service";

    /**
     * Singleton: the {@code [capstan]} (alias {@code [supervisord]}) section, checked and typed by
     * the config bundle ("The settings as other bundles read them" in docs/configuration.md).
     */
    public static final String SUPERVISOR = "dev.capstan.supervisor";

    /** Singleton: {@code [unix_http_server]} and the {@code --socket} option. */
    public static final String CONTROL = "dev.capstan.control";

    /** Singleton: {@code [inet_http_server]}; no configuration, no TCP listener. */
    public static final String INET_HTTP = "dev.capstan.inet";

    /**
     * Singleton: the {@code [etcd]} section, checked and typed by the config bundle ("[etcd]" in
     * docs/configuration.md); no configuration, no etcd source.
     */
    public static final String ETCD = "dev.capstan.etcd";

    /** Property on every published configuration: the file (and line) or bundle it came from. */
    public static final String ORIGIN = "capstan.origin";

    /** Framework property: the configuration file given with {@code -c}. */
    public static final String CONFIG_FILE_PROPERTY = "capstan.config";

    /** Framework property: the control socket path given with {@code --socket}. */
    public static final String SOCKET_PROPERTY = "capstan.socket";

    /**
     * System property: the {@code SUPERVISOR_SERVER_URL} every service gets, {@code unix://} and
     * the control socket's path. The config bundle sets it from {@code [unix_http_server] file}
     * (or {@code --socket}, or the default path) each time it reads the file, before it publishes
     * any service, so even the first services see it.
     */
    public static final String SERVER_URL_PROPERTY = "capstan.serverurl";

    private ConfigurationPids() {
    }
}
