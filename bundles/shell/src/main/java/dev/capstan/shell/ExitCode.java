package dev.capstan.shell;

import dev.capstan.api.Fault;

/**
 * supervisorctl's exit codes (LSB init-script and status codes), so scripts written against it
 * keep working. A command reports one through {@link Output#exit}; the last one reported wins,
 * as supervisorctl's {@code exitstatus} does.
 */
final class ExitCode {
    static final int GENERIC = 1;
    static final int INVALID_ARGS = 2;
    /** {@code status}: some selected service is not running. */
    static final int STATUS_NOT_RUNNING = 3;
    /** {@code status}: an unknown name (or, client side, no server). */
    static final int STATUS_UNKNOWN = 4;
    /** A start that failed (spawn error, abnormal termination), or a pid of 0. */
    static final int NOT_RUNNING = 7;

    private ExitCode() {
    }

    /**
     * supervisorctl's {@code set_exitstatus_from_xmlrpc_fault}: a fault that means the program is
     * dead gives 7, any other gives 1, and {@code ignored} (e.g. ALREADY_STARTED for start) none.
     *
     * @return the code to report, or -1 to leave the exit status as it is
     */
    static int of(Fault fault, Fault ignored) {
        if (fault == ignored) {
            return -1;
        }
        return switch (fault) {
            case SPAWN_ERROR, ABNORMAL_TERMINATION, NOT_RUNNING -> NOT_RUNNING;
            default -> GENERIC;
        };
    }
}
