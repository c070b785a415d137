package dev.capstan.xmlrpc.rpc;

import dev.capstan.api.ConfigFileService;
import dev.capstan.api.ServiceLogs;
import dev.capstan.api.Supervisor;
import dev.capstan.container.Container;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.List;
import org.osgi.service.event.EventAdmin;

/**
 * supervisord 4.2.5's XML-RPC interface over Capstan's services: the {@code supervisor} and
 * {@code system} namespaces, found as supervisord's {@code traverse} finds them (exactly
 * {@code namespace.method}; anything else is UNKNOWN_METHOD). Thread-safe: each call runs on the
 * thread of the connection it came in on, and may block there while it waits.
 */
public final class RpcInterface {

    private final SupervisorNamespace supervisor;
    private final SystemNamespace system;
    private final ConfigGroups groups;

    /**
     * @param identifier  {@code [supervisord] identifier}
     * @param version     Capstan's version
     * @param childLogDir {@code [supervisord] childlogdir}, where AUTO log files are
     */
    public RpcInterface(Supervisor supervisor, ServiceLogs logs, Container container, String identifier,
            String version, Path childLogDir) {
        ProcessTable table = new ProcessTable(supervisor);
        ProcessInfo info = new ProcessInfo(childLogDir, ZoneId.systemDefault());
        this.groups = new ConfigGroups(supervisor, table);
        ProcessControl control = new ProcessControl(supervisor, table);
        this.supervisor = new SupervisorNamespace(supervisor, container, table, info, control, groups,
                new ConfigInfo(supervisor, groups, info), new LogAccess(logs, info), identifier, version);
        this.system = new SystemNamespace(this);
    }

    /** The configuration file service, or null while there is none (reloadConfig then fails). */
    public void configuration(ConfigFileService configuration) {
        groups.configuration(configuration);
    }

    /** EventAdmin, or null while there is none (sendRemoteCommEvent then posts nothing). */
    public void events(EventAdmin events) {
        supervisor.events(events);
    }

    /**
     * Calls a method.
     *
     * @return the value to answer
     * @throws RpcFault           the fault to answer
     * @throws CallerGoneException when the client left while the call waited
     */
    public Object call(String method, List<Object> params, Caller caller) {
        int dot = method.indexOf('.');
        if (dot < 0 || method.indexOf('.', dot + 1) >= 0 || method.startsWith("_", dot + 1)) {
            throw RpcFault.of(RpcFault.UNKNOWN_METHOD, null);
        }
        String namespace = method.substring(0, dot);
        String name = method.substring(dot + 1);
        if (namespace.equals("supervisor")) {
            return supervisor.call(name, params, caller);
        }
        if (namespace.equals("system")) {
            return system.call(name, params, caller);
        }
        throw RpcFault.of(RpcFault.UNKNOWN_METHOD, null);
    }
}
