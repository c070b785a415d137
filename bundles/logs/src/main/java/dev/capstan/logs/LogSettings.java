package dev.capstan.logs;

import dev.capstan.logs.console.ConsoleFormat;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * The global logging settings, read from the {@code dev.capstan.supervisor} configuration
 * ({@code [capstan]} / {@code [supervisord]} section; docs/logging.md):
 * <ul>
 * <li>{@code childlogdir}: where AUTO log files go (default: java.io.tmpdir, as supervisord's /tmp);</li>
 * <li>{@code log_prefix}: the service name in front of console lines (default true);</li>
 * <li>{@code log_timestamps}: an ISO-8601 time in front of console lines and of lines in
 *     files Capstan writes (default false);</li>
 * <li>{@code log_format}: {@code text} or {@code json} console lines (default text);</li>
 * <li>{@code nocleanup}: keep the AUTO log files of an earlier Capstan at startup (default false).</li>
 * </ul>
 * Values may be strings (as in the INI file) or typed.
 */
record LogSettings(ConsoleFormat console, Path childLogDir, boolean noCleanup) {

    static final String CHILDLOGDIR = "childlogdir";
    static final String LOG_PREFIX = "log_prefix";
    static final String LOG_TIMESTAMPS = "log_timestamps";
    static final String LOG_FORMAT = "log_format";
    static final String NOCLEANUP = "nocleanup";

    static LogSettings defaults() {
        return from(Map.of());
    }

    /** @throws IllegalArgumentException naming the key whose value is not understood */
    static LogSettings from(Map<String, ?> p) {
        String format = string(p.get(LOG_FORMAT), "text").toLowerCase(Locale.ROOT);
        if (!format.equals("text") && !format.equals("json")) {
            throw new IllegalArgumentException(LOG_FORMAT + " = " + format + ": expected text or json");
        }
        ConsoleFormat console = new ConsoleFormat(
                bool(p, LOG_PREFIX, true), bool(p, LOG_TIMESTAMPS, false), format.equals("json"));
        Path dir = Path.of(string(p.get(CHILDLOGDIR), System.getProperty("java.io.tmpdir")));
        return new LogSettings(console, dir, bool(p, NOCLEANUP, false));
    }

    /** Lines in the log files Capstan writes carry the time when the console's do. */
    boolean fileTimestamps() {
        return console.timestamps();
    }

    private static String string(Object v, String dflt) {
        return v == null || v.toString().isBlank() ? dflt : v.toString().trim();
    }

    /** supervisord's booleans: true/yes/on/1 and false/no/off/0. */
    private static boolean bool(Map<String, ?> p, String key, boolean dflt) {
        String v = string(p.get(key), Boolean.toString(dflt)).toLowerCase(Locale.ROOT);
        switch (v) {
            case "true", "yes", "on", "1":
                return true;
            case "false", "no", "off", "0":
                return false;
            default:
                throw new IllegalArgumentException(key + " = " + v + ": expected true or false");
        }
    }
}
