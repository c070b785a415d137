package dev.capstan.logs;

import dev.capstan.logs.console.ConsoleFormat;
import java.nio.file.Path;

/**
 * The global logging settings, from the {@code [capstan]} / {@code [supervisord]} keys
 * (docs/logging.md) that {@link LogsComponent.Settings} reads:
 *
 * @param console     the console format: {@code log_prefix}, {@code log_timestamps}, {@code log_format}
 * @param childLogDir {@code childlogdir}: where AUTO log files go (default: java.io.tmpdir, as
 *                    supervisord's /tmp)
 * @param noCleanup   {@code nocleanup}: keep the AUTO log files of an earlier Capstan at startup
 */
record LogSettings(ConsoleFormat console, Path childLogDir, boolean noCleanup) {

    static final LogSettings DEFAULT =
            new LogSettings(ConsoleFormat.DEFAULT, Path.of(System.getProperty("java.io.tmpdir")), false);

    /** Lines in the log files Capstan writes carry the time when the console's do. */
    boolean fileTimestamps() {
        return console.timestamps();
    }
}
