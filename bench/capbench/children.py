"""Starting supervisors as children of the harness and making sure none outlives a run.

The harness is a child subreaper, so whatever a killed supervisor leaves behind re-parents
to the harness and is found and killed by kill_descendants()."""
import ctypes
import os
import signal
import time

from . import procfs

PR_SET_CHILD_SUBREAPER = 36

# Children that outlive runs on purpose (an etcd shared by several runs): kill_descendants
# leaves them to their owner's stop_one.
spared = set()


def become_subreaper():
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) != 0:
        raise OSError(ctypes.get_errno(), "prctl(PR_SET_CHILD_SUBREAPER)")


def spawn(argv, output, env=None):
    """Start argv in its own session, stdin from /dev/null, stdout+stderr appended to output.
    Python opens every fd close-on-exec, so the child inherits only these three."""
    out = os.open(output, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
    null = os.open("/dev/null", os.O_RDONLY)
    try:
        return os.posix_spawnp(argv[0], argv, env if env is not None else os.environ,
                               file_actions=[(os.POSIX_SPAWN_DUP2, null, 0),
                                             (os.POSIX_SPAWN_DUP2, out, 1),
                                             (os.POSIX_SPAWN_DUP2, out, 2)],
                               setsid=True)
    finally:
        os.close(out)
        os.close(null)


def reap():
    """Collect every exited child without blocking; returns {pid: wait status}."""
    statuses = {}
    while True:
        try:
            pid, status = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            break
        if pid == 0:
            break
        statuses[pid] = status
    return statuses


def stop(pid, timeout):
    """SIGTERM pid and wait up to timeout seconds for it to exit; then kill everything left."""
    with procfs.ExitWatch([pid]) as watch:
        try:
            os.kill(pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
        watch.wait(timeout)
    kill_descendants()


def stop_one(pid, timeout):
    """SIGTERM pid, SIGKILL it after timeout seconds, and reap it; other processes are left alone."""
    with procfs.ExitWatch([pid]) as watch:
        try:
            os.kill(pid, signal.SIGTERM)
            if not watch.wait(timeout):
                os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    try:
        os.waitpid(pid, 0)
    except ChildProcessError:
        pass


def kill_descendants():
    """SIGKILL every process below the harness but the spared until none is left, reaping as we go."""
    me = os.getpid()
    for _ in range(100):
        reap()
        pids = [p for p in procfs.descendants(me) if procfs.alive(p) and p not in spared]
        if not pids:
            return
        for pid in pids:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        time.sleep(0.02)
    raise RuntimeError(f"processes survive SIGKILL: {procfs.descendants(me)}")
