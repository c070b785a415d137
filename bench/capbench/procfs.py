"""Readings from /proc: process tree, CPU time, PSS, context switches; waiting on pids."""
import os
import select
import time

CLK_TCK = os.sysconf("SC_CLK_TCK")


def _stat_fields(pid):
    """Fields of /proc/PID/stat after the command name (field 3 is index 0)."""
    with open(f"/proc/{pid}/stat") as f:
        data = f.read()
    return data[data.rindex(")") + 2:].split()


def comm(pid):
    try:
        with open(f"/proc/{pid}/comm") as f:
            return f.read().strip()
    except OSError:
        return None


def parent_map():
    """{pid: ppid} for every process on the machine (one pass over /proc)."""
    parents = {}
    for name in os.listdir("/proc"):
        if name.isdigit():
            try:
                parents[int(name)] = int(_stat_fields(name)[1])
            except (OSError, ValueError, IndexError):
                pass  # exited while we looked
    return parents


def descendants(root):
    """Every live descendant pid of root (root itself excluded)."""
    children = {}
    for pid, ppid in parent_map().items():
        children.setdefault(ppid, []).append(pid)
    found, todo = [], [root]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def cpu_split(pids):
    """(utime, stime) of the given processes (all their threads, live and exited), in seconds."""
    user = system = 0
    for pid in pids:
        try:
            fields = _stat_fields(pid)
            user += int(fields[11])
            system += int(fields[12])
        except (OSError, IndexError, ValueError):
            pass
    return user / CLK_TCK, system / CLK_TCK


def cpu_seconds(pids):
    """utime + stime of the given processes, in seconds."""
    return sum(cpu_split(pids))


def threads(pids):
    """{(pid, tid): (name, context switches, CPU seconds)} for every live thread of the pids; the
    CPU time is the scheduler's own count in nanoseconds (/proc/PID/task/TID/schedstat), not the
    10 ms ticks of /proc/PID/stat, so that a few wakeups show. Compare two readings with
    activity_between(): a thread that exits in between takes its counts with it."""
    found = {}
    for pid in pids:
        try:
            tids = os.listdir(f"/proc/{pid}/task")
        except OSError:
            continue
        for tid in tids:
            try:
                with open(f"/proc/{pid}/task/{tid}/status") as f:
                    switches = sum(int(line.split()[1]) for line in f if "ctxt_switches" in line)
                with open(f"/proc/{pid}/task/{tid}/comm") as f:
                    name = f.read().strip()
                with open(f"/proc/{pid}/task/{tid}/schedstat") as f:
                    ns = int(f.read().split()[0])
                found[pid, tid] = (name, switches, ns / 1e9)
            except (OSError, IndexError, ValueError):
                pass
    return found


def activity_between(before, after):
    """(total context switches, total CPU seconds, {thread name: [switches, CPU seconds]}) between
    two readings of threads(), over the threads alive at the second one (one born in between
    counts from zero)."""
    total, cpu_total, by_name = 0, 0.0, {}
    for key, (name, switches, cpu) in after.items():
        _, switches0, cpu0 = before.get(key, (name, 0, 0.0))
        total += switches - switches0
        cpu_total += cpu - cpu0
        if switches > switches0 or cpu > cpu0:
            entry = by_name.setdefault(name, [0, 0.0])
            entry[0] += switches - switches0
            entry[1] = round(entry[1] + cpu - cpu0, 6)
    return total, cpu_total, by_name


def thread_count(pid):
    try:
        return len(os.listdir(f"/proc/{pid}/task"))
    except OSError:
        return 0


def rollup_kib(pids, fields=("Pss", "Rss", "Pss_Anon")):
    """Fields of /proc/PID/smaps_rollup summed over the pids, in KiB. Pss shares a file page
    among every process that maps it (libjvm.so with any other JVM on the machine); Rss counts
    it whole, which is the process's PSS when it runs alone (a container); Pss_Anon is the private
    part, which no other process changes."""
    total = dict.fromkeys(fields, 0)
    for pid in pids:
        try:
            with open(f"/proc/{pid}/smaps_rollup") as f:
                for line in f:
                    key = line.split(":", 1)[0]
                    if key in total:
                        total[key] += int(line.split()[1])
        except OSError:
            pass
    return total


def alive(pid):
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().split(") ")[-1][0] != "Z"
    except OSError:
        return False


class ExitWatch:
    """pidfds opened on a set of pids now, so that their exits can be awaited later
    without polling. A pid that is already gone counts as exited."""

    def __init__(self, pids):
        self._poller = select.poll()
        self._fds = []
        for pid in pids:
            try:
                fd = os.pidfd_open(pid)
            except ProcessLookupError:
                continue
            self._fds.append(fd)
            self._poller.register(fd, select.POLLIN)
        self._pending = len(self._fds)

    def wait(self, timeout):
        """True once every pid has exited, False if timeout seconds passed first."""
        deadline = time.perf_counter() + timeout
        while self._pending:
            left = deadline - time.perf_counter()
            if left <= 0:
                return False
            for fd, _ in self._poller.poll(left * 1000):
                self._poller.unregister(fd)
                self._pending -= 1
        return True

    def close(self):
        for fd in self._fds:
            os.close(fd)
        self._fds = []

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
