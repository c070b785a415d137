package dev.capstan.xmlrpc.rpc;

import dev.capstan.api.Fault;
import dev.capstan.api.RemoteCommunication;
import dev.capstan.api.ServiceState;
import dev.capstan.api.ServiceStatus;
import dev.capstan.api.StreamName;
import dev.capstan.api.Supervisor;
import dev.capstan.api.SupervisorException;
import dev.capstan.container.Container;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;

/**
 * The {@code supervisor.*} methods, with supervisord's parameters, results and faults. While
 * Capstan shuts down every one of them but sendRemoteCommEvent answers SHUTDOWN_STATE, as
 * supervisord's do. Thread-safe.
 */
final class SupervisorNamespace {

    static final String API_VERSION = "3.0";

    private final Supervisor supervisor;
    private final Container container;
    private final ProcessTable table;
    private final ProcessInfo info;
    private final ProcessControl control;
    private final ConfigGroups groups;
    private final ConfigInfo configInfo;
    private final LogAccess logs;
    private final String identifier;
    private final String version;
    private final Restart restart;
    private volatile EventAdmin events;

    SupervisorNamespace(Supervisor supervisor, Container container, ProcessTable table, ProcessInfo info,
            ProcessControl control, ConfigGroups groups, ConfigInfo configInfo, LogAccess logs, String identifier,
            String version) {
        this.supervisor = supervisor;
        this.container = container;
        this.table = table;
        this.info = info;
        this.control = control;
        this.groups = groups;
        this.configInfo = configInfo;
        this.logs = logs;
        this.identifier = identifier;
        this.version = version;
        this.restart = new Restart(table, control, groups);
    }

    void events(EventAdmin e) {
        events = e;
    }

    Object call(String method, List<Object> params, Caller caller) {
        switch (method) {
            case "getAPIVersion":
            case "getVersion":
                args(params, 0, 0);
                return API_VERSION;
            case "getSupervisorVersion":
                args(params, 0, 0);
                return version;
            case "getIdentification":
                args(params, 0, 0);
                return identifier;
            case "getState": {
                args(params, 0, 0);
                Map<String, Object> state = new LinkedHashMap<>();
                state.put("statecode", 1);
                state.put("statename", "RUNNING");
                return state;
            }
            case "getPID":
                args(params, 0, 0);
                return ProcessHandle.current().pid();
            case "readLog":
            case "readMainLog": {
                Args a = args(params, 2, 2);
                return logs.readMain(a.integer(0), a.integer(1));
            }
            case "clearLog":
                args(params, 0, 0);
                logs.clearMain();
                return Boolean.TRUE;
            case "shutdown":
                args(params, 0, 0);
                container.shutdown(0);
                return Boolean.TRUE;
            case "restart":
                args(params, 0, 0);
                restart.begin();
                return Boolean.TRUE;
            case "reloadConfig":
                args(params, 0, 0);
                return groups.reload();
            case "addProcessGroup":
                return groups.add(args(params, 1, 1).string(0));
            case "removeProcessGroup":
                return groups.remove(args(params, 1, 1).string(0));
            case "startProcess": {
                Args a = args(params, 1, 2);
                return control.startProcess(a.string(0), a.flag(1, true), caller);
            }
            case "startProcessGroup": {
                Args a = args(params, 1, 2);
                return control.startGroup(a.string(0), a.flag(1, true), caller);
            }
            case "startAllProcesses": {
                Args a = args(params, 0, 1);
                return control.startAll(table.byPriority(), a.flag(0, true), caller);
            }
            case "stopProcess": {
                Args a = args(params, 1, 2);
                return control.stopProcess(a.string(0), a.flag(1, true), caller);
            }
            case "stopProcessGroup": {
                Args a = args(params, 1, 2);
                return control.stopGroup(a.string(0), a.flag(1, true), caller);
            }
            case "stopAllProcesses": {
                Args a = args(params, 0, 1);
                return control.stopAll(table.byPriority(), a.flag(0, true), caller);
            }
            case "signalProcess": {
                Args a = args(params, 2, 2);
                return control.signalProcess(a.string(0), a.raw(1));
            }
            case "signalProcessGroup": {
                Args a = args(params, 2, 2);
                return control.signalAll(table.group(a.string(0)), a.raw(1));
            }
            case "signalAllProcesses":
                return control.signalAll(table.byPriority(), args(params, 1, 1).raw(0));
            case "sendProcessStdin": {
                Args a = args(params, 2, 2);
                return sendProcessStdin(a);
            }
            case "sendRemoteCommEvent":
                return sendRemoteCommEvent(Args.of(params, 2, 2));
            case "getAllConfigInfo":
                args(params, 0, 0);
                return configInfo.all();
            case "getProcessInfo":
                return info.of(table.process(args(params, 1, 1).string(0)), Instant.now());
            case "getAllProcessInfo": {
                args(params, 0, 0);
                Instant now = Instant.now();
                List<Object> all = new ArrayList<>();
                for (ServiceStatus s : table.lexical()) {
                    all.add(info.of(s, now));
                }
                return all;
            }
            case "readProcessStdoutLog":
            case "readProcessLog":
                return read(args(params, 3, 3), StreamName.STDOUT);
            case "readProcessStderrLog":
                return read(args(params, 3, 3), StreamName.STDERR);
            case "tailProcessStdoutLog":
            case "tailProcessLog":
                return tail(args(params, 3, 3), StreamName.STDOUT);
            case "tailProcessStderrLog":
                return tail(args(params, 3, 3), StreamName.STDERR);
            case "clearProcessLogs":
            case "clearProcessLog": {
                String name = args(params, 1, 1).string(0);
                logs.clear(table.process(name).spec(), name);
                return Boolean.TRUE;
            }
            case "clearAllProcessLogs":
                args(params, 0, 0);
                return clearAll();
            default:
                throw RpcFault.of(RpcFault.UNKNOWN_METHOD, null);
        }
    }

    /** The parameters, after supervisord's {@code _update} check. */
    private Args args(List<Object> params, int min, int max) {
        Args a = Args.of(params, min, max);
        if (container.isShuttingDown()) {
            throw RpcFault.of(Fault.SHUTDOWN_STATE, null);
        }
        return a;
    }

    private String read(Args a, StreamName stream) {
        ServiceStatus s = table.process(a.string(0));
        return logs.read(s.spec(), stream, a.integer(1), a.integer(2));
    }

    private List<Object> tail(Args a, StreamName stream) {
        ServiceStatus s = table.process(a.string(0));
        return logs.tail(s.spec(), stream, a.integer(1), a.integer(2));
    }

    private List<Map<String, Object>> clearAll() {
        List<Map<String, Object>> results = new ArrayList<>();
        for (ServiceStatus s : table.byPriority()) {
            try {
                logs.clear(s.spec(), ProcessTable.namespec(s));
                results.add(ProcessControl.result(s, RpcFault.SUCCESS, "OK"));
            } catch (RpcFault f) {
                results.add(ProcessControl.result(s, f.code(), f.text()));
            }
        }
        return results;
    }

    private Boolean sendProcessStdin(Args a) {
        if (!(a.raw(1) instanceof String)) {
            throw RpcFault.of(RpcFault.INCORRECT_PARAMETERS, String.valueOf(a.raw(1)));
        }
        String name = a.string(0);
        ServiceStatus s = table.process(name);
        if (s.pid() == 0 || s.state() == ServiceState.STOPPING) {
            throw RpcFault.of(Fault.NOT_RUNNING, name);
        }
        try {
            supervisor.sendStdin(s.fullName(), ((String) a.raw(1)).getBytes(StandardCharsets.UTF_8));
        } catch (SupervisorException e) {
            throw e.fault() == Fault.FAILED ? RpcFault.of(Fault.FAILED, e.getMessage()) : RpcFault.of(e.fault(), name);
        }
        return Boolean.TRUE;
    }

    /**
     * Posts {@link RemoteCommunication#TOPIC} for event listeners; true whether or not any
     * listens, as supervisord answers when no listener subscribes.
     */
    private Boolean sendRemoteCommEvent(Args a) {
        String type = a.string(0);
        String data = a.string(1);
        EventAdmin e = events;
        if (e != null) {
            Map<String, Object> properties = new HashMap<>();
            properties.put(RemoteCommunication.TYPE, type);
            properties.put(RemoteCommunication.DATA, data);
            e.postEvent(new Event(RemoteCommunication.TOPIC, properties));
        }
        return Boolean.TRUE;
    }
}
