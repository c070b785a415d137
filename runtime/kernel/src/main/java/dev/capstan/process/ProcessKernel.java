package dev.capstan.process;

import java.io.IOException;
import java.net.InetSocketAddress;
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
     * @throws SpawnException with the system's reason when the child cannot be started (a held
     *         pipe or socket it is given was closed among them); the kernel and other children are
     *         unaffected
     * @throws IllegalArgumentException when it is given a {@link Stdio.Held} another kernel made
     */
    Child spawn(SpawnRequest request) throws SpawnException;

    /**
     * Opens {@code path} for writing a service's output into it, creating it with mode 0644 if it
     * does not exist; its content is kept. Works whether or not any child runs.
     *
     * @throws IOException with the system's reason when it cannot be opened
     */
    OutputFile openOutputFile(Path path) throws IOException;

    /**
     * Makes a pipe the kernel holds open until the returned handle is closed, to be one child's
     * stdin and another's stdout or stderr; either child can then be restarted without the other
     * noticing (see {@link HeldPipe}). Closed by the kernel's own close at the latest.
     *
     * @throws IOException with the system's reason when no pipe can be made (out of descriptors)
     */
    HeldPipe pipe() throws IOException;

    /**
     * Listens on a TCP address for children to accept on (see {@link ListeningSocket}), as
     * supervisord's {@code socket=tcp://host:port}: with {@code SO_REUSEADDR}, so a restarted
     * Capstan binds again at once although connections of the last one linger.
     *
     * @param address an IPv4 or IPv6 address, resolved; port 0 lets the system pick a port
     * @param backlog the longest queue of connections not yet accepted; 0 for the system's most
     *                ({@code SOMAXCONN}, as supervisord without {@code socket_backlog})
     * @throws IOException naming the address and the call that failed, with the system's reason
     *         (e.g. "bind: Address already in use")
     * @throws IllegalArgumentException when the address is unresolved or the backlog negative
     */
    ListeningSocket listen(InetSocketAddress address, int backlog) throws IOException;

    /**
     * Listens on a Unix socket at {@code path} for children to accept on (see
     * {@link ListeningSocket}), as supervisord's {@code socket=unix:///path}. A socket left at the
     * path by an earlier run is replaced; anything else there is refused. The file is created
     * with no permissions for others, then given to {@code uid:gid} ({@code socket_owner}) and the
     * mode {@code mode} ({@code socket_mode}), so no one else can connect in between.
     *
     * @param backlog as for the TCP {@link #listen(InetSocketAddress, int)}
     * @param mode    permission bits, e.g. 0700 (supervisord's default)
     * @param uid     the owner to give the file, or -1 to keep Capstan's
     * @param gid     the group to give the file, or -1 to keep Capstan's
     * @throws IOException naming the path and the call that failed, with the system's reason; a
     *         file made before the failure is removed
     * @throws IllegalArgumentException when the backlog is negative or the mode not in 0-07777
     */
    ListeningSocket listen(Path path, int backlog, int mode, int uid, int gid) throws IOException;

    /**
     * Watches a directory for files that come, change and go ({@link DirectoryListener}), through
     * the system's change notification (inotify) read on the kernel's pipe threads: nothing polls,
     * and an idle directory costs no wakeup. Works whether or not any child runs; watches end with
     * the kernel's close.
     *
     * @throws IOException naming the directory, with the system's reason, when it cannot be watched:
     *         it does not exist or is not a directory, or the system's limit of watches or
     *         notification instances is reached
     */
    DirectoryWatch watch(Path directory, DirectoryListener listener) throws IOException;

    /** Children this process reaped that it had not started (re-parented orphans). */
    long orphansReaped();

    /** Whether this JVM is PID 1 of its PID namespace (else it made itself a child subreaper). */
    boolean isPid1();
}
