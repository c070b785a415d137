package dev.capstan.events.protocol;

import dev.capstan.api.ServiceState;

/** Each event type's payload, exactly as supervisor/events.py formats it. */
public final class Payloads {

    private Payloads() {
    }

    /**
     * PROCESS_STATE_*: {@code processname:X groupname:G from_state:S}, then {@code tries:N}
     * (STARTING, BACKOFF), {@code pid:N} (RUNNING, STOPPING, STOPPED), {@code expected:0|1 pid:N}
     * (EXITED), nothing more (FATAL, UNKNOWN). supervisord takes the pid of STOPPED and EXITED
     * before it forgets the process, and 0 when there was none (a stop during BACKOFF).
     */
    public static Payload processState(ServiceState to, String name, String group, String fromState, int tries,
                                       int pid, boolean expected) {
        StringBuilder s = new StringBuilder(80).append("processname:").append(name).append(" groupname:").append(group)
                .append(" from_state:").append(fromState);
        switch (to) {
            case STARTING, BACKOFF -> s.append(" tries:").append(tries);
            case RUNNING, STOPPING, STOPPED -> s.append(" pid:").append(pid);
            case EXITED -> s.append(" expected:").append(expected ? 1 : 0).append(" pid:").append(pid);
            default -> {
                // FATAL and UNKNOWN carry nothing more
            }
        }
        return Payload.of(s.toString());
    }

    /** PROCESS_LOG_STDOUT / _STDERR: {@code processname:X groupname:G pid:N channel:stdout\n<data>}. */
    public static Payload processLog(String name, String group, int pid, String channel, byte[] data) {
        return Payload.of("processname:" + name + " groupname:" + group + " pid:" + pid + " channel:" + channel + "\n"
                + PythonText.outputText(data));
    }

    /** PROCESS_COMMUNICATION_STDOUT / _STDERR: {@code processname:X groupname:G pid:N\n<data>}. */
    public static Payload processCommunication(String name, String group, int pid, byte[] data) {
        return Payload.of("processname:" + name + " groupname:" + group + " pid:" + pid + "\n"
                + PythonText.outputText(data));
    }

    /** REMOTE_COMMUNICATION: {@code type:T\n<data>}. */
    public static Payload remoteCommunication(String type, String data) {
        return Payload.of("type:" + type + "\n" + data);
    }

    /** SUPERVISOR_STATE_CHANGE_RUNNING / _STOPPING: empty. */
    public static Payload supervisorState() {
        return Payload.of("");
    }

    /** PROCESS_GROUP_ADDED / _REMOVED: {@code groupname:G\n}. */
    public static Payload processGroup(String group) {
        return Payload.of("groupname:" + group + "\n");
    }

    /** TICK_*: {@code when:<epoch second>}, the start of the period that just began. */
    public static Payload tick(long when) {
        return Payload.of("when:" + when);
    }
}
