package dev.capstan.xmlrpc.rpc;

import java.util.ArrayList;
import java.util.List;

/**
 * Every method of supervisord 4.2.5's interface with its signature and help, for
 * {@code system.listMethods}, {@code system.methodHelp} and {@code system.methodSignature}. The
 * help says what Capstan does, in supervisord's docstring form: the {@code @param} and
 * {@code @return} lines carry the same types and names as supervisord's, so a client that parses
 * them gets the same signatures.
 */
final class MethodTable {

    /**
     * @param name      {@code namespace.method}
     * @param signature the return type, then each parameter's type
     * @param help      what {@code system.methodHelp} answers
     */
    record Method(String name, List<String> signature, String help) {
    }

    private static final String NAME = "@param string name         the process name (or ``group:name``, or ``group:*``)\n";
    private static final String READ = NAME
            + "@param int offset          where to read from; negative: that many bytes from the end (length 0)\n"
            + "@param int length          bytes to read; 0: to the end (at most 1 MiB)\n"
            + "@return string result      the bytes, as UTF-8 text\n";
    private static final String TAIL = NAME
            + "@param int offset          where the caller read to last time\n"
            + "@param int length          the most bytes to return\n"
            + "@return array result       [string bytes, int offset, bool overflow]: the last bytes up to length,\n"
            + "the log's size, and whether more than length bytes followed offset\n";
    private static final String RESULTS = "@return array result   {name, group, status, description} per process";

    private static final List<Method> METHODS = List.of(
            m("supervisor.addProcessGroup", "boolean string",
                    "Start what the configuration file defines for a group that is not running (reads the file).\n\n"
                    + "@param string name         the group's name\n@return boolean result     true unless error"),
            m("supervisor.clearAllProcessLogs", "array",
                    "Truncate every process's log files and empty their in-memory tails.\n\n" + RESULTS),
            m("supervisor.clearLog", "boolean", "Empty Capstan's own log (kept in memory).\n\n@return boolean result always true"),
            m("supervisor.clearProcessLog", "boolean string", "Alias of clearProcessLogs.\n\n" + NAME
                    + "@return boolean result      true unless error"),
            m("supervisor.clearProcessLogs", "boolean string",
                    "Truncate a process's stdout and stderr log files and empty its in-memory tails.\n\n" + NAME
                    + "@return boolean result      true unless error"),
            m("supervisor.getAPIVersion", "string", "The version of supervisord's RPC API that Capstan speaks.\n\n"
                    + "@return string version \"3.0\""),
            m("supervisor.getAllConfigInfo", "array",
                    "The configuration of every process, running or defined in the file but not running.\n\n"
                    + "@return array result  one struct per process, by name"),
            m("supervisor.getAllProcessInfo", "array", "getProcessInfo of every process, by group, then name.\n\n"
                    + "@return array result  an array of process info structs"),
            m("supervisor.getIdentification", "string", "[supervisord] identifier (default \"supervisor\").\n\n"
                    + "@return string identifier identifying string"),
            m("supervisor.getPID", "int", "Capstan's process id (1 as a container's init).\n\n@return int PID"),
            m("supervisor.getProcessInfo", "struct string", "A process's state, pid, times and log files.\n\n" + NAME
                    + "@return struct result     name, group, start, stop, now, state, statename, spawnerr, exitstatus,\n"
                    + "logfile, stdout_logfile, stderr_logfile, pid, description"),
            m("supervisor.getState", "struct", "Capstan's state: always RUNNING (1) when it answers.\n\n"
                    + "@return struct A struct with keys int statecode, string statename"),
            m("supervisor.getSupervisorVersion", "string", "The version of the Capstan that answers.\n\n"
                    + "@return string version the version, as capstan --version prints it"),
            m("supervisor.getVersion", "string", "Alias of getAPIVersion.\n\n@return string version \"3.0\""),
            m("supervisor.readLog", "string int int", "Read Capstan's own log (kept in memory).\n\n"
                    + READ.substring(NAME.length())),
            m("supervisor.readMainLog", "string int int", "Alias of readLog.\n\n" + READ.substring(NAME.length())),
            m("supervisor.readProcessLog", "string string int int", "Alias of readProcessStdoutLog.\n\n" + READ),
            m("supervisor.readProcessStderrLog", "string string int int",
                    "Read a process's stderr log: its file, or the in-memory tail of a console stream.\n\n" + READ),
            m("supervisor.readProcessStdoutLog", "string string int int",
                    "Read a process's stdout log: its file, or the in-memory tail of a console stream.\n\n" + READ),
            m("supervisor.reloadConfig", "array",
                    "Read the configuration file and say which groups it adds, changes and removes; applies nothing.\n\n"
                    + "@return array result  [[added, changed, removed]]"),
            m("supervisor.removeProcessGroup", "boolean string",
                    "Take a stopped group out of the running set until an update or addProcessGroup brings it back.\n\n"
                    + "@param string name         the group's name\n@return boolean result     true unless error"),
            m("supervisor.restart", "boolean",
                    "Stop every process, apply the configuration file, start every autostart process; Capstan itself\n"
                    + "keeps running. Answers at once.\n\n@return boolean result  always true unless error"),
            m("supervisor.sendProcessStdin", "boolean string string", "Write to a process's stdin.\n\n" + NAME
                    + "@param string chars       the text, sent as UTF-8\n@return boolean result    true unless error"),
            m("supervisor.sendRemoteCommEvent", "boolean string string",
                    "Post a REMOTE_COMMUNICATION event for event listeners.\n\n"
                    + "@param  string  type  the type key of the event\n@param  string  data  the event's body\n"
                    + "@return boolean       Always true unless error"),
            m("supervisor.shutdown", "boolean", "Shut Capstan down in order (as SIGTERM); it exits 0. Answers at once.\n\n"
                    + "@return boolean result always true unless error"),
            m("supervisor.signalAllProcesses", "array string",
                    "Send a signal to every process that has one.\n\n"
                    + "@param string signal  the signal, as a name ('HUP') or a number ('1')\n" + RESULTS),
            m("supervisor.signalProcess", "boolean string string", "Send a signal to a process.\n\n" + NAME
                    + "@param string signal  the signal, as a name ('HUP') or a number ('1')\n@return boolean"),
            m("supervisor.signalProcessGroup", "array string string", "Send a signal to every process of a group.\n\n"
                    + "@param string name    the group's name\n"
                    + "@param string signal  the signal, as a name ('HUP') or a number ('1')\n@return array"),
            m("supervisor.startAllProcesses", "array boolean",
                    "Start every process that is not running, a priority level at a time.\n\n"
                    + "@param boolean wait    wait for each to be RUNNING and ready\n" + RESULTS),
            m("supervisor.startProcess", "boolean string boolean",
                    "Start a process; with wait, answer once it is RUNNING and ready.\n\n" + NAME
                    + "@param boolean wait Wait for the process to be RUNNING and ready\n"
                    + "@return boolean result     Always true unless error"),
            m("supervisor.startProcessGroup", "array string boolean",
                    "Start every process of a group that is not running, a priority level at a time.\n\n"
                    + "@param string name     the group's name\n"
                    + "@param boolean wait    wait for each to be RUNNING and ready\n" + RESULTS),
            m("supervisor.stopAllProcesses", "array boolean",
                    "Stop every running process, a priority level at a time, highest first.\n\n"
                    + "@param boolean wait    wait for each to be stopped\n" + RESULTS),
            m("supervisor.stopProcess", "boolean string boolean",
                    "Stop a process; with wait, answer once it is stopped.\n\n" + NAME
                    + "@param boolean wait        wait for the process to be stopped\n"
                    + "@return boolean result     Always true unless error"),
            m("supervisor.stopProcessGroup", "array string boolean",
                    "Stop every running process of a group, a priority level at a time, highest first.\n\n"
                    + "@param string name     the group's name\n"
                    + "@param boolean wait    wait for each to be stopped\n" + RESULTS),
            m("supervisor.tailProcessLog", "array string int int", "Alias of tailProcessStdoutLog.\n\n" + TAIL),
            m("supervisor.tailProcessStderrLog", "array string int int",
                    "The end of a process's stderr log, for a client that polls it.\n\n" + TAIL),
            m("supervisor.tailProcessStdoutLog", "array string int int",
                    "The end of a process's stdout log, for a client that polls it.\n\n" + TAIL),
            m("system.listMethods", "array", "The names of every method, sorted.\n\n@return array result  the names"),
            m("system.methodHelp", "string string", "A method's help.\n\n@param string name   the method's name\n"
                    + "@return string result the help"),
            m("system.methodSignature", "array string",
                    "A method's signature: [return type, parameter type, ...].\n\n"
                    + "@param string name  the method's name\n@return array result  the types"),
            m("system.multicall", "array array",
                    "Call several methods in one request, one after the other; system.multicall itself is not allowed.\n\n"
                    + "@param array calls  an array of {methodName: string, params: array}\n"
                    + "@return array result  per call its value, or a struct {faultCode, faultString}"));

    private MethodTable() {
    }

    private static Method m(String name, String signature, String help) {
        return new Method(name, List.of(signature.split(" ")), help);
    }

    /** Every method name, sorted. */
    static List<String> names() {
        List<String> names = new ArrayList<>(METHODS.size());
        for (Method m : METHODS) {
            names.add(m.name());
        }
        return names;
    }

    /** @throws RpcFault SIGNATURE_UNSUPPORTED for an unknown name, as supervisord */
    static Method get(String name) {
        for (Method m : METHODS) {
            if (m.name().equals(name)) {
                return m;
            }
        }
        throw RpcFault.of(RpcFault.SIGNATURE_UNSUPPORTED, null);
    }
}
