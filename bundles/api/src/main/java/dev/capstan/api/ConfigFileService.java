package dev.capstan.api;

import java.util.Collection;
import java.util.List;

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

    /**
     * The services the file defines now, parsed and checked, whether applied or not (supervisord's
     * {@code getAllConfigInfo} lists them).
     *
     * @throws SupervisorException {@link Fault#CANT_REREAD} as for {@link #reread}
     */
    List<ServiceSpec> services();

    /**
     * Takes services of the file out of the running set until an {@link #update} brings them back
     * (supervisord's {@code removeProcessGroup}): their published definitions are withdrawn, so
     * the engine stops and forgets them, and {@link #reread} reports them as added again. The
     * file is not read. Returns at once; the engine removes them shortly after.
     *
     * @param names full names, process names or group names
     * @return the full names withdrawn; services that did not come from the file are not among them
     */
    List<String> withdraw(Collection<String> names);

    /**
     * How often the file was applied since boot, by {@link #update} (the {@code update}, {@code add}
     * and {@code reload} commands, their XML-RPC equivalents) or SIGHUP; the first publication at
     * boot is not counted.
     */
    long reloads();

    /** Of {@link #reloads()}, those that failed: the file did not parse and nothing changed. */
    long reloadFailures();
}
