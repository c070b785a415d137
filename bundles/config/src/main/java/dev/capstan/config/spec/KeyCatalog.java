package dev.capstan.config.spec;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Every key Capstan reads, by section, and what it does with it: parsed into a ServiceSpec,
 * published for another bundle, or accepted with a warning. docs/configuration.md documents
 * exactly these keys; a test holds the two together.
 */
public final class KeyCatalog {

    /** {@code [program:x]} keys of supervisord that {@link ServiceSpecParser} turns into a ServiceSpec. */
    public static final Set<String> SUPERVISORD_SERVICE = Set.of(
            "command", "priority", "autostart", "startsecs", "startretries", "autorestart",
            "exitcodes", "stopsignal", "stopwaitsecs", "stopasgroup", "killasgroup", "user",
            "redirect_stderr", "stdout_logfile", "stdout_logfile_maxbytes", "stdout_logfile_backups",
            "stderr_logfile", "stderr_logfile_maxbytes", "stderr_logfile_backups", "environment",
            "directory", "umask", "events", "buffer_size", "result_handler", "stdout_events_enabled",
            "stderr_events_enabled", "stdout_capture_maxbytes", "stderr_capture_maxbytes");

    /** Capstan's own service keys, in the same style. */
    public static final Set<String> CAPSTAN_SERVICE = Set.of(
            "name", "group", "type", "depends_on", "ready", "ready_timeout", "healthcheck",
            "healthcheck_interval", "healthcheck_failures", "restart", "backoff_initial",
            "backoff_max", "restart_limit", "restart_window", "on_fatal", "exit_on_end", "finish", "finish_timeout",
            "down", "down_timeout", "foreground", "depends_timeout", "producer_for", "stdin_pipe", "len_unit");

    /**
     * supervisord's {@code [fcgi-program:x]} keys: the pool's listening socket. In an INI file
     * only that section reads them; in Capstan's own formats any service may have them.
     */
    public static final Set<String> SOCKET = Set.of("socket", "socket_owner", "socket_mode", "socket_backlog");

    /** Keys the INI reader consumes itself: they make several services out of one section. */
    public static final Set<String> INI_PROGRAM_ONLY = Set.of("process_name", "numprocs", "numprocs_start");

    /** Service keys supervisord has and Capstan does not implement. */
    public static final List<IgnoredKey> IGNORED_SERVICE = List.of(
            new IgnoredKey("stdout_syslog", "output goes to the console or files, never to syslog", IgnoredKey.FALSE),
            new IgnoredKey("stderr_syslog", "output goes to the console or files, never to syslog", IgnoredKey.FALSE),
            new IgnoredKey("serverurl", "every service gets Capstan's own SUPERVISOR_SERVER_URL", "auto"));

    /** Service keys that only an event listener may have ({@code events} makes one). */
    public static final Set<String> LISTENER_ONLY = Set.of("buffer_size", "result_handler", "len_unit");

    /**
     * {@code [capstan]} / {@code [supervisord]} keys published as {@code dev.capstan.supervisor}:
     * read by the engine (shutdown_timeout), the service bundle extender (deploy), the XML-RPC
     * interface and the events bundle (identifier), the events bundle (pidfile) and the logs
     * bundle (the others; docs/logging.md).
     */
    public static final Set<String> SUPERVISOR = Set.of(
            "shutdown_timeout", "childlogdir", "nocleanup", "log_prefix", "log_timestamps", "log_format", "nodaemon",
            "deploy", "pidfile", "identifier");

    /**
     * {@code [capstan]} keys the reader applies itself and does not publish: {@code environment},
     * and {@code user}, which bin/capstan applies before the JVM starts and the reader checks.
     */
    public static final Set<String> SUPERVISOR_READER = Set.of("environment", "user");

    public static final List<IgnoredKey> IGNORED_SUPERVISOR = List.of(
            new IgnoredKey("logfile", "Capstan's own messages go to the console (an etc/logback.xml, from etc/logback.xml.example, changes that)",
                    "/dev/stdout", "/dev/fd/1", "/dev/null"),
            new IgnoredKey("logfile_maxbytes", "Capstan writes no main log file", "0", "50mb"),
            new IgnoredKey("logfile_backups", "Capstan writes no main log file", "0", "10"),
            new IgnoredKey("loglevel", "set Capstan's log level with CAPSTAN_LOG_LEVEL or in an etc/logback.xml made from etc/logback.xml.example", "info"),
            new IgnoredKey("umask", "Capstan does not change its own umask; use umask= per service", "022"),
            new IgnoredKey("minfds", "Capstan does not raise RLIMIT_NOFILE", "1024"),
            new IgnoredKey("minprocs", "Capstan does not raise RLIMIT_NPROC", "200"),
            new IgnoredKey("directory", "Capstan never daemonizes"),
            new IgnoredKey("silent", "the console gets every service's output", IgnoredKey.FALSE),
            new IgnoredKey("strip_ansi", "output is passed on unchanged", IgnoredKey.FALSE));

    /** {@code [unix_http_server]} keys published as {@code dev.capstan.control}. */
    public static final Set<String> CONTROL = Set.of("file", "chmod", "chown", "username", "password");

    /** {@code [inet_http_server]} keys published as {@code dev.capstan.inet}. */
    public static final Set<String> INET_HTTP = Set.of("port", "username", "password");

    /** {@code [etcd]} keys, published typed as {@code dev.capstan.etcd} (docs/fleet.md). */
    public static final Set<String> ETCD = Set.of("endpoints", "node", "prefix", "commit_key", "username", "password",
            "ca_file", "cert_file", "key_file", "hook_timeout");

    /**
     * {@code [supervisorctl]}: for the client. capstanctl and supervisorctl read serverurl,
     * username and password from the file themselves; the server reads none of it.
     */
    public static final Set<String> SUPERVISORCTL = Set.of("serverurl", "username", "password");

    public static final List<IgnoredKey> IGNORED_SUPERVISORCTL = List.of(
            new IgnoredKey("prompt", "capstanctl's prompt is fixed"),
            new IgnoredKey("history_file", "capstanctl keeps its history in ~/.capstanctl_history or -r FILE"));

    /** {@code [group:x]}. */
    public static final Set<String> GROUP = Set.of("programs");
    public static final List<IgnoredKey> IGNORED_GROUP = List.of(
            new IgnoredKey("priority", "services start by their own priority and dependencies", "999"));

    /** {@code [include]}. */
    public static final Set<String> INCLUDE = Set.of("files");

    /**
     * supervisord's own XML-RPC interface, which every supervisord.conf names in
     * {@code [rpcinterface:supervisor]}: Capstan serves it (docs/xmlrpc.md), so that section is
     * read without a word.
     */
    public static final String MAIN_RPC_INTERFACE = "supervisor.rpcinterface:make_main_rpcinterface";

    /** Sections ignored whole, with a warning: their keys are arbitrary. */
    public static final Map<String, String> IGNORED_SECTIONS = Map.of(
            "rpcinterface", "Capstan serves supervisord's own XML-RPC interface and loads no other",
            "ctlplugin", "capstanctl has no plugins");

    private KeyCatalog() {
    }

    /** Every key a service may have, for suggestions. */
    public static Set<String> serviceKeys() {
        Set<String> all = new TreeSet<>(SUPERVISORD_SERVICE);
        all.addAll(CAPSTAN_SERVICE);
        all.addAll(SOCKET);
        IGNORED_SERVICE.forEach(k -> all.add(k.key()));
        return all;
    }

    public static Set<String> names(List<IgnoredKey> keys) {
        Set<String> names = new TreeSet<>();
        keys.forEach(k -> names.add(k.key()));
        return names;
    }

    /** Every documented key, by the section name docs/configuration.md uses for it. */
    public static Map<String, Set<String>> documented() {
        Map<String, Set<String>> doc = new LinkedHashMap<>();
        Set<String> program = serviceKeys();
        program.addAll(INI_PROGRAM_ONLY);
        program.removeAll(SOCKET);
        doc.put("program", program);
        doc.put("fcgi-program", SOCKET);
        Set<String> supervisor = new TreeSet<>(SUPERVISOR);
        supervisor.addAll(SUPERVISOR_READER);
        supervisor.addAll(names(IGNORED_SUPERVISOR));
        doc.put("capstan", supervisor);
        doc.put("unix_http_server", new TreeSet<>(CONTROL));
        doc.put("inet_http_server", new TreeSet<>(INET_HTTP));
        doc.put("etcd", new TreeSet<>(ETCD));
        Set<String> supervisorctl = new TreeSet<>(SUPERVISORCTL);
        supervisorctl.addAll(names(IGNORED_SUPERVISORCTL));
        doc.put("supervisorctl", supervisorctl);
        Set<String> group = new TreeSet<>(GROUP);
        group.addAll(names(IGNORED_GROUP));
        doc.put("group", group);
        doc.put("include", INCLUDE);
        return doc;
    }
}
