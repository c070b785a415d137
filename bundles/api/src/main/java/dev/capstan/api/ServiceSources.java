package dev.capstan.api;

import java.util.List;
import java.util.Map;

/**
 * Sources of services other than the {@code -c} file and service bundles (the etcd source):
 * their definitions are read by the config bundle's readers and parser and published through
 * ConfigAdmin like every other source's, so a changed service restarts alone and an unchanged
 * one is never touched; and their switches turn services on and off, whichever source defined
 * them. Implemented by the config bundle; thread-safe, and no method waits for a process.
 *
 * <p>A service is <em>on</em> when a switch says so, or when no switch names it and its
 * definition says {@code autostart}; otherwise it is <em>off</em>. An on service is started when
 * it is defined; an off one is not started by Capstan (an operator still may). When a switch
 * turns a defined service from off to on, it is started; from on to off, it is stopped. A switch
 * names a service or a group (then every service of the group); a service's own name wins.
 */
public interface ServiceSources {

    /**
     * Reads the definitions and says what {@link #apply} would change, changing nothing.
     *
     * @param source the source, as in {@link #apply}
     * @throws SupervisorException {@link Fault#CANT_REREAD}, its message every problem of every
     *         definition, one per line, each naming its definition's {@link ServiceText#where()}
     */
    ReloadPlan check(String source, List<ServiceText> definitions);

    /**
     * Makes the source's services exactly these definitions and its switches exactly these, or,
     * when a definition does not read, changes nothing. Switches take effect first, so a service
     * defined here starts, or does not, as its switch says.
     *
     * @param source   names the source in configurations and the log, e.g. {@code etcd}
     * @param switches service or group name to on (true) or off (false)
     * @throws SupervisorException as {@link #check} does; nothing has changed
     */
    ReloadPlan apply(String source, List<ServiceText> definitions, Map<String, Boolean> switches);

    /**
     * The source is gone for good: its services are removed, its switches forgotten (the
     * services they named go by their own {@code autostart} again, as a changed switch would).
     */
    void withdraw(String source);
}
