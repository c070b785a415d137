package dev.capstan.process.linux;

import static dev.capstan.process.linux.Native.check;

import dev.capstan.process.OutputHandler;
import dev.capstan.process.SpawnRequest;
import dev.capstan.process.SplicingHandler;
import dev.capstan.process.Stdio;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * The descriptors one child starts with: 0, 1, 2 and its extra pipes, as file actions for
 * posix_spawn, plus the fds this process opened for them: the read ends of output pipes and the
 * write end of a stdin pipe, which it keeps, and what only the child keeps (the other ends, files,
 * copies of held fds).
 *
 * <p>The scheme, which keeps wanted fds and closes every other one:
 * <ol>
 * <li>every source fd is opened here close-on-exec and numbered above the highest target (an fd
 *     that comes out lower is moved up with {@code F_DUPFD_CLOEXEC}), so no {@code dup2} onto a
 *     target can overwrite a source a later {@code dup2} still needs;
 * <li>{@code dup2} each source onto its target, in target order (stderr "same as stdout" is a
 *     {@code dup2(1, 2)} after fd 1 is in place); {@code dup2} clears close-on-exec on the copy;
 * <li>{@code close} each fd between 3 and the highest target that is not a target (inherited
 *     JVM fds such as open jars; closing an fd that is not open is no error for posix_spawn);
 * <li>{@code closefrom(highest target + 1)}.
 * </ol>
 * With no extra pipes this is just the dup2s and {@code closefrom(3)}.
 */
final class ChildFds {

    /** A read end this process keeps, and who gets what the child writes into it. */
    record ReadEnd(int fd, OutputHandler handler) {
    }

    /** The write end of the child's stdin pipe, which this process keeps (non-blocking). */
    record WriteEnd(int fd, int capacity) {
    }

    private record Dup(int source, int target) {
    }

    private final int floor;
    private final List<Dup> dups = new ArrayList<>(4);
    private final BitSet targets = new BitSet();
    private final List<Integer> childSide = new ArrayList<>(4);
    private final List<ReadEnd> readEnds = new ArrayList<>(2);
    private WriteEnd input;

    private ChildFds(int highestTarget) {
        this.floor = highestTarget + 1;
    }

    /**
     * Opens the pipes and files {@code request} asks for.
     *
     * @param devNull this process's {@code /dev/null}, opened read-write
     * @throws NativeException when an open or pipe2 fails, or a held fd was closed; nothing stays
     *         open then
     * @throws IllegalArgumentException for a held fd another kernel made
     */
    static ChildFds open(SpawnRequest request, int devNull) {
        Map<Integer, OutputHandler> extra = request.extraPipes();
        ChildFds fds = new ChildFds(extra.isEmpty() ? 2 : Collections.max(extra.keySet()));
        try {
            fds.stdio(0, request.stdin(), devNull);
            fds.stdio(1, request.stdout(), devNull);
            fds.stdio(2, request.stderr(), devNull);
            extra.keySet().stream().sorted().forEach(fd -> fds.pipe(fd, extra.get(fd)));
            return fds;
        } catch (NativeException | IllegalArgumentException e) {
            fds.closeAll();
            throw e;
        }
    }

    private void stdio(int target, Stdio stdio, int devNull) {
        if (stdio instanceof Stdio.Inherit) {
            return; // the JVM's own 0, 1 and 2 are not close-on-exec
        }
        if (stdio instanceof Stdio.SameAsStdout) {
            dup(1, 2); // fd 1 of the child, already in place
        } else if (stdio instanceof Stdio.DevNull) {
            dup(source(devNull, false), target);
        } else if (stdio instanceof Stdio.File file) {
            int flags = target == 0 ? Native.O_RDONLY // stdin reads the file
                    : Native.O_WRONLY | Native.O_CREAT | (file.truncate() ? Native.O_TRUNC : Native.O_APPEND);
            String path = file.path().toString();
            dup(source(check(Libc.open(path, flags | Native.O_CLOEXEC, 0644), "open " + path), true), target);
        } else if (stdio instanceof Stdio.Pipe pipe) {
            pipe(target, pipe.handler());
        } else if (stdio instanceof Stdio.Input in) {
            int[] fds = new int[2];
            check(Libc.pipe2(fds, Native.O_CLOEXEC), "pipe2");
            input = new WriteEnd(fds[1], in.capacity());
            dup(source(fds[0], true), target);
            // Non-blocking for Capstan's writes only: the child's end is another open file.
            check(Libc.fcntl(fds[1], Native.F_SETFL, Native.O_NONBLOCK), "fcntl O_NONBLOCK");
        } else if (stdio instanceof Stdio.Held held) {
            if (!(held instanceof HeldFd fd)) {
                throw new IllegalArgumentException(held + " was not made by this kernel");
            }
            int copy = fd.duplicate(floor);
            childSide.add(copy);
            dup(copy, target);
        }
    }

    private void pipe(int target, OutputHandler handler) {
        int[] fds = new int[2];
        check(Libc.pipe2(fds, Native.O_CLOEXEC), "pipe2");
        readEnds.add(new ReadEnd(fds[0], handler));
        if (handler instanceof SplicingHandler) {
            PipeSplice.enlarge(fds[0]);
        }
        dup(source(fds[1], true), target);
    }

    private void dup(int source, int target) {
        dups.add(new Dup(source, target));
        targets.set(target);
    }

    /** Returns an fd for {@code fd}'s file numbered at or above the floor (see the class comment). */
    private int source(int fd, boolean owned) {
        if (owned) {
            childSide.add(fd);
        }
        if (fd >= floor) {
            return fd;
        }
        int moved = check(Libc.fcntl(fd, Native.F_DUPFD_CLOEXEC, floor), "fcntl F_DUPFD_CLOEXEC " + fd);
        childSide.add(moved);
        return moved;
    }

    /** @return 0, or the error number of the file action that could not be added */
    int addTo(long actions) {
        for (Dup d : dups) {
            int err = Libc.posix_spawn_file_actions_adddup2(actions, d.source(), d.target());
            if (err != 0) {
                return err;
            }
        }
        for (int fd = 3; fd < floor; fd++) {
            if (!targets.get(fd)) {
                int err = Libc.posix_spawn_file_actions_addclose(actions, fd);
                if (err != 0) {
                    return err;
                }
            }
        }
        return Libc.posix_spawn_file_actions_addclosefrom_np(actions, floor);
    }

    List<ReadEnd> readEnds() {
        return readEnds;
    }

    /** The write end of the stdin pipe, or null when stdin is no {@link Stdio.Input}. */
    WriteEnd input() {
        return input;
    }

    /** After a spawn: the child has its copies; this process keeps only the read ends and the write end. */
    void closeChildSide() {
        childSide.forEach(Native::close);
        childSide.clear();
    }

    /** After a failed spawn: nothing of it stays open. */
    void closeAll() {
        closeChildSide();
        readEnds.forEach(end -> Native.close(end.fd()));
        readEnds.clear();
        if (input != null) {
            Native.close(input.fd());
            input = null;
        }
    }
}
