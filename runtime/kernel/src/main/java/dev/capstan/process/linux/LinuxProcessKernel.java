package dev.capstan.process.linux;

import static dev.capstan.process.linux.Native.check;

import dev.capstan.process.Child;
import dev.capstan.process.DirectoryListener;
import dev.capstan.process.DirectoryWatch;
import dev.capstan.process.HeldPipe;
import dev.capstan.process.ListeningSocket;
import dev.capstan.process.OutputFile;
import dev.capstan.process.ProcessKernel;
import dev.capstan.process.Signal;
import dev.capstan.process.SpawnException;
import dev.capstan.process.SpawnRequest;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The process kernel on Linux (glibc 2.34 or later): posix_spawnp called through jffi, one reaper
 * for every child and orphan, and an epoll set for every pipe it reads or writes.
 *
 * <p>Threads, all daemons, fixed in number whatever the number of children:
 * <ul>
 * <li>{@code capstan-reaper} collects exits ({@link Reaper});
 * <li>{@code capstan-exit} completes each {@link Child#exit()} in the order of reaping, each once
 *     the child's output is handed over, and the waits of stdin pipes
 *     ({@link dev.capstan.process.InputPipe#drained()}); work chained on it synchronously delays
 *     the exits behind it;
 * <li>{@code capstan-pipe-1..4}, started with the first four pipes, read output pipes and call
 *     the {@link dev.capstan.process.OutputHandler}s, write what stdin pipes queued
 *     ({@link PipeIo}), and read the inotify fd of the directory watches ({@link DirectoryWatches}),
 *     which counts as one pipe.
 * </ul>
 * An idle child costs its table entry, a {@link LinuxChild} and, per pipe, one registration: a few
 * hundred bytes of heap and no thread.
 *
 * <p>Only one kernel may run in a JVM at a time: two would reap each other's children.
 */
public final class LinuxProcessKernel implements ProcessKernel, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LinuxProcessKernel.class);
    private static final AtomicBoolean running = new AtomicBoolean();

    private final boolean pid1;
    private final int devNull;
    private final ExecutorService dispatch;
    private final ProcessTable table;
    private final Spawner spawner;
    private final PipeIo pipes;
    private final DirectoryWatches watches;
    private final Reaper reaper;
    private final Set<HeldFd> held = ConcurrentHashMap.newKeySet();
    private boolean closed; // guarded by the table's lock

    private LinuxProcessKernel() {
        pid1 = Libc.getpid() == 1;
        if (!pid1) {
            // Orphans of services (double-forking daemons, docker exec sessions) come to us then,
            // as they would to PID 1, instead of to an init that may not reap them.
            check(Libc.prctl(Native.PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0), "prctl PR_SET_CHILD_SUBREAPER");
        }
        devNull = check(Libc.open("/dev/null", Native.O_RDWR | Native.O_CLOEXEC, 0), "open /dev/null");
        dispatch = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "capstan-exit");
            t.setDaemon(true);
            return t;
        });
        pipes = new PipeIo();
        watches = new DirectoryWatches(pipes);
        table = new ProcessTable(dispatch, pipes);
        spawner = new Spawner();
        reaper = new Reaper(table);
    }

    /**
     * Starts the kernel: SIGCHLD handler, reaper, pipe threads, and unless this JVM is PID 1,
     * makes it a child subreaper.
     *
     * @throws IllegalStateException when a kernel is already running in this JVM, or a system
     *         call the kernel cannot work without fails
     */
    public static LinuxProcessKernel start() {
        if (!running.compareAndSet(false, true)) {
            throw new IllegalStateException("a process kernel is already running in this JVM");
        }
        try {
            LinuxProcessKernel kernel = new LinuxProcessKernel();
            LOG.debug("process kernel started ({})", kernel.pid1 ? "PID 1" : "child subreaper");
            return kernel;
        } catch (RuntimeException | Error e) {
            running.set(false);
            throw e;
        }
    }

    @Override
    public Child spawn(SpawnRequest request) throws SpawnException {
        List<String> argv = CommandLine.of(request);
        ChildFds fds;
        try {
            fds = ChildFds.open(request, devNull);
        } catch (NativeException e) {
            throw failure(request, e);
        }
        List<PipeIo.Pipe> output = new ArrayList<>(fds.readEnds().size());
        boolean started = false;
        try {
            // Registered before the spawn so that a failure to watch a pipe fails the spawn, not
            // a running child; no byte and no EOF can come while our write end is open.
            for (ChildFds.ReadEnd end : fds.readEnds()) {
                output.add(pipes.add(end.fd(), end.handler()));
            }
            table.lock();
            try {
                if (closed) {
                    throw new IllegalStateException("process kernel closed");
                }
                int pid = spawner.spawn(request, argv, fds);
                started = true;
                ChildFds.WriteEnd in = fds.input();
                LinuxInputPipe stdin = in == null ? null : new LinuxInputPipe(in.fd(), in.capacity(), pid, pipes, dispatch);
                return table.add(pid, output, stdin);
            } finally {
                table.unlock();
            }
        } catch (NativeException e) {
            throw failure(request, e);
        } finally {
            if (started) {
                fds.closeChildSide();
            } else {
                output.forEach(pipes::cancel);
                fds.closeAll();
            }
        }
    }

    private static SpawnException failure(SpawnRequest request, NativeException e) {
        return new SpawnException("spawn " + request.argv().get(0) + ": " + e.getMessage(), e.errno());
    }

    @Override
    public OutputFile openOutputFile(Path path) throws IOException {
        return LinuxOutputFile.open(path);
    }

    @Override
    public HeldPipe pipe() throws IOException {
        requireOpen();
        return LinuxHeldPipe.open(held);
    }

    @Override
    public ListeningSocket listen(InetSocketAddress address, int backlog) throws IOException {
        requireOpen();
        return LinuxListeningSocket.tcp(address, backlog, held);
    }

    @Override
    public ListeningSocket listen(Path path, int backlog, int mode, int uid, int gid) throws IOException {
        requireOpen();
        return LinuxListeningSocket.unix(path, backlog, mode, uid, gid, held);
    }

    private void requireOpen() {
        table.lock();
        try {
            if (closed) {
                throw new IllegalStateException("process kernel closed");
            }
        } finally {
            table.unlock();
        }
    }

    @Override
    public DirectoryWatch watch(Path directory, DirectoryListener listener) throws IOException {
        return watches.watch(directory, listener);
    }

    @Override
    public long orphansReaped() {
        return table.orphans();
    }

    @Override
    public boolean isPid1() {
        return pid1;
    }

    /**
     * Kills the process group of every child not yet reaped with SIGKILL, reaps for up to one
     * second, then stops the threads; output still in the pipes is handed over before each
     * handler's {@code onEnd}, and stdin pipes, held pipes and listening sockets are closed.
     * Later spawns, pipes and sockets fail with IllegalStateException.
     */
    @Override
    public void close() {
        List<LinuxChild> left;
        table.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            left = table.children();
            for (LinuxChild child : left) {
                // The group, and the leader itself in case it moved to another group.
                child.signalGroup(Signal.KILL);
                child.signal(Signal.KILL);
            }
        } finally {
            table.unlock();
        }
        awaitExits(left);
        left.forEach(LinuxChild::closeStdin); // those not reaped in time
        reaper.close();
        pipes.close();
        List.copyOf(held).forEach(HeldFd::close);
        dispatch.shutdown();
        try {
            if (!dispatch.awaitTermination(1, TimeUnit.SECONDS)) {
                LOG.warn("exit callbacks still running at close");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        spawner.close();
        Native.close(devNull);
        if (!pid1) {
            check(Libc.prctl(Native.PR_SET_CHILD_SUBREAPER, 0, 0, 0, 0), "prctl PR_SET_CHILD_SUBREAPER");
        }
        running.set(false);
    }

    private void awaitExits(List<LinuxChild> children) {
        if (children.isEmpty()) {
            return;
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
        reaper.wake();
        CompletableFuture<?>[] exits = children.stream()
                .map(c -> c.exit().toCompletableFuture())
                .toArray(CompletableFuture[]::new);
        try {
            CompletableFuture.allOf(exits).get(1, TimeUnit.SECONDS);
            awaitGroupsReaped(children, deadline);
        } catch (TimeoutException e) {
            LOG.warn("{} of {} killed process groups not reaped within 1 s of SIGKILL",
                    children.stream().filter(c -> Libc.kill(-c.pid(), 0) == 0).count(), children.size());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            throw new IllegalStateException(e); // exits are only ever completed normally
        }
    }

    /**
     * The rest of each killed group (a service's own children) comes to us as orphans once its
     * parent died, possibly after the leaders were reaped; the reaper must still be running to
     * collect them, or they stay zombies. A group answers kill 0 until its last member, zombie
     * or not, is reaped.
     */
    private void awaitGroupsReaped(List<LinuxChild> children, long deadline)
            throws InterruptedException, TimeoutException {
        for (LinuxChild child : children) {
            while (Libc.kill(-child.pid(), 0) == 0) {
                if (System.nanoTime() > deadline) {
                    throw new TimeoutException();
                }
                reaper.wake();
                Thread.sleep(2);
            }
        }
    }
}
