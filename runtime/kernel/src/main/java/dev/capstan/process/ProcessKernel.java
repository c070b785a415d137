package dev.capstan.process;

import java.io.IOException;
import java.nio.file.Path;

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

    /**
     * Opens {@code path} for writing a service's output into it, creating it with mode 0644 if it
     * does not exist; its content is kept. Works whether or not any child runs.
     *
     * @throws IOException with the system's reason when it cannot be opened
     */
    OutputFile openOutputFile(Path path) throws IOException;

    /** Children this process reaped that it had not started (re-parented orphans). */
    long orphansReaped();

    /** Whether this JVM is PID 1 of its PID namespace (else it made itself a child subreaper). */
    boolean isPid1();
}
