package dev.capstan.process;

/**
 * Starts and tracks child processes; the one way anything in Capstan starts a process.
 * Registered by the launcher with the system bundle context; thread-safe.
 */
public interface ProcessKernel {

    /**
     * Starts a child. Returns once the child exists and is in the process table: an exit that
     * follows at once is still delivered to the returned handle.
     *
     * @throws SpawnException with the system's reason when the child cannot be started; the
     *         kernel and other children are unaffected
     */
    Child spawn(SpawnRequest request) throws SpawnException;

    /** Children this process reaped that it had not started (re-parented orphans). */
    long orphansReaped();

    /** Whether this JVM is PID 1 of its PID namespace (else it made itself a child subreaper). */
    boolean isPid1();
}
