package dev.capstan.api;

import java.util.Collection;

/**
 * The configuration file Capstan was started with ({@code -c}), re-read on demand; implemented by
 * the config bundle. A file that does not parse changes nothing: the running services stay as
 * they are and the error names file, line and key.
 */
public interface ConfigFileService {

    /**
     * Parses the file again and says what would change, without applying it ({@code reread}).
     *
     * @throws SupervisorException {@link Fault#CANT_REREAD} with "file:line: key: message"
     */
    ReloadPlan reread();

    /**
     * Parses the file again and applies the difference ({@code update}, SIGHUP): removed services
     * stop and go, changed ones restart with their new definition, added ones start if autostart.
     *
     * @param names the full names or group names to apply; empty for all
     * @throws SupervisorException {@link Fault#CANT_REREAD} as for {@link #reread}
     */
    ReloadPlan update(Collection<String> names);
}
