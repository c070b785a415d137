package dev.capstan.process.linux;

import dev.capstan.process.ExitStatus;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The children this kernel started, by pid, and the one lock that orders spawning, reaping and
 * signalling:
 * <ul>
 * <li>a spawn holds it until the new pid is in the table, so a child that exits at once is never
 *     mistaken for an orphan;
 * <li>reaping holds it around waitpid, and signalling holds it around kill, so no signal goes to a
 *     pid after it was reaped (when the number may already be another process's).
 * </ul>
 * A reaped child's exit is completed on the dispatch executor after its stdin pipe was ended and
 * its output pipes gave up what the child left in them ({@link PipeIo#drained}).
 */
final class ProcessTable {

    private static final Logger LOG = LoggerFactory.getLogger(ProcessTable.class);

    private final ReentrantLock lock = new ReentrantLock();
    private final Map<Integer, LinuxChild> children = new HashMap<>();
    private final Executor dispatch;
    private final PipeIo pipes;
    private volatile long orphans;

    /**
     * @param dispatch where exits are completed: never the reaper thread
     * @param pipes    what reads the children's output pipes
     */
    ProcessTable(Executor dispatch, PipeIo pipes) {
        this.dispatch = dispatch;
        this.pipes = pipes;
    }

    void lock() {
        lock.lock();
    }

    void unlock() {
        lock.unlock();
    }

    /**
     * Caller holds the lock, from the spawn on.
     *
     * @param output the child's output pipes
     * @param stdin  the write end of its stdin, or null
     */
    LinuxChild add(int pid, List<PipeIo.Pipe> output, LinuxInputPipe stdin) {
        LinuxChild child = new LinuxChild(pid, this, output, stdin);
        children.put(pid, child);
        return child;
    }

    /** A snapshot of the children not reaped yet. Caller holds the lock. */
    List<LinuxChild> children() {
        return new ArrayList<>(children.values());
    }

    long orphans() {
        return orphans;
    }

    /** Collects every child that has exited, ours or re-parented, without blocking. */
    void reapAll() {
        long status = Libc.IO.allocateMemory(Integer.BYTES, false);
        lock.lock();
        try {
            for (;;) {
                int pid = Libc.waitpid(-1, status, Native.WNOHANG);
                if (pid > 0) {
                    reaped(pid, Libc.IO.getInt(status));
                    continue;
                }
                if (pid == -1) {
                    int errno = Native.errno();
                    if (errno == Native.EINTR) {
                        continue;
                    }
                    if (errno != Native.ECHILD) { // ECHILD: no children at all
                        LOG.error("waitpid: {}", Native.strerror(errno));
                    }
                }
                return; // 0: children left, none exited
            }
        } finally {
            lock.unlock();
            Libc.IO.freeMemory(status);
        }
    }

    private void reaped(int pid, int waitStatus) {
        LinuxChild child = children.remove(pid);
        if (child == null) {
            orphans++; // written only under the lock
            if (LOG.isDebugEnabled()) {
                LOG.debug("reaped orphan {}: {}", pid, ExitStatus.fromWaitStatus(waitStatus));
            }
            return;
        }
        child.reaped = true;
        ExitStatus exit = ExitStatus.fromWaitStatus(waitStatus);
        dispatch.execute(() -> finish(child, exit));
    }

    /**
     * On the dispatch thread: ends the child's stdin (whose waiters are completed on this thread
     * before the exit), then completes the exit once the child's output is handed over.
     */
    private void finish(LinuxChild child, ExitStatus exit) {
        child.closeStdin();
        pipes.drained(child.output()).whenComplete((done, failure) -> {
            try {
                dispatch.execute(() -> child.exited(exit));
            } catch (RejectedExecutionException e) {
                child.exited(exit); // the kernel has closed
            }
        });
    }

    /**
     * Sends {@code signal} to a child or its group; signal 0 sends nothing and only checks.
     *
     * @return false when the child was reaped (alone) or its group has no member left
     */
    boolean kill(LinuxChild child, int signal, boolean group) {
        lock.lock();
        try {
            if (child.reaped && (!group || children.containsKey(child.pid()))) {
                // Reaped: its pid may be reused. For the group, one case is certain: the number
                // now leads another child of ours, whose group this must not reach.
                return false;
            }
            int target = group ? -child.pid() : child.pid();
            if (Libc.kill(target, signal) == 0) {
                return true;
            }
            int errno = Native.errno();
            if (errno == Native.ESRCH) {
                return false;
            }
            throw new IllegalStateException("kill -" + signal + " " + target + ": " + Native.strerror(errno));
        } finally {
            lock.unlock();
        }
    }
}
