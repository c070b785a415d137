package dev.capstan.api;

/** supervisord's process states, with its numeric codes, so its users read status at a glance. */
public enum ServiceState {
    STOPPED(0), STARTING(10), RUNNING(20), BACKOFF(30), STOPPING(40), EXITED(100), FATAL(200),
    UNKNOWN(1000);

    private final int code;

    ServiceState(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** STARTING, RUNNING, BACKOFF, STOPPING: what supervisorctl status counts as "running" (exit 0). */
    public boolean isRunning() {
        return this == STARTING || this == RUNNING || this == BACKOFF || this == STOPPING;
    }

    /** STOPPED, EXITED, FATAL, UNKNOWN: no process and none about to be started. */
    public boolean isStopped() {
        return this == STOPPED || this == EXITED || this == FATAL || this == UNKNOWN;
    }
}
