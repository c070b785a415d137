"""The measurements. Each one launches a supervisor on a fresh directory, measures, and tears
everything down (also on errors), so runs never see each other's processes."""
import http.client
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import time

from . import children, procfs, workload
from .announce import Announcements

# A service must have run this long before it is killed or stopped: supervisord counts it as
# started only after startsecs=1 (seen up to 1.9 s with its 1 s tick), and s6 delays a
# respawn by 1 s unless the service has been up for more than 1 s.
MIN_AGE = 2.5
# Quiet time after a supervisor has started its services and before a measurement of its CPU.
SETTLE = 2.0
# How long after its last client a server may keep that client's thread (Capstan's HTTP server
# ends a connection's thread 30 s after the client left).
LINGER = 35.0


class Session:
    """One launched supervisor over one workload directory."""

    def __init__(self, peer, base, tag, keep=False):
        self.peer = peer
        self.keep = keep
        self.root = f"{base}/{peer.name}-{tag}"
        os.makedirs(self.root)
        self.ann = Announcements(f"{self.root}/announce.fifo")
        self.services = []
        self.pid = None
        self.launched = None

    def configure(self, services, **options):
        """options: see Peer.configure."""
        self.services = services
        self.peer.configure(self.root, services, **options)

    def launch(self):
        argv = self.peer.command(self.root, self.services)
        self.launched = time.perf_counter()
        self.pid = children.spawn(argv, f"{self.root}/supervisor.out", self.peer.env())

    def supervisor_pids(self):
        return self.peer.supervisor_pids(self.pid)

    def wait_all(self, timeout):
        names = {s.name for s in self.services if s.autostart}
        return self.ann.wait(lambda: names <= self.ann.latest.keys(), timeout)

    def await_output(self, text, timeout):
        """Waits until the supervisor's output holds text (e.g. Capstan's "etcd: connected to")."""
        deadline = time.perf_counter() + timeout
        while True:
            try:
                with open(f"{self.root}/supervisor.out", errors="replace") as f:
                    if text in f.read():
                        return
            except OSError:
                pass
            if time.perf_counter() > deadline:
                raise Failed(f"no {text!r} in the supervisor's output within {timeout} s: {self.output_tail()}")
            self.ann.idle(0.05)

    def output_tail(self, lines=5):
        try:
            with open(f"{self.root}/supervisor.out", errors="replace") as f:
                return " | ".join(f.read().splitlines()[-lines:])
        except OSError:
            return ""

    def close(self):
        try:
            if self.pid:
                children.stop(self.pid, timeout=10)
        finally:
            children.kill_descendants()
            self.ann.close()
            if not self.keep:
                shutil.rmtree(self.root, ignore_errors=True)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


class Failed(Exception):
    pass


def start_time(session, n, timeout, services=None, **options):
    """Seconds from launching the supervisor until all n services have announced themselves;
    also until the first one did, and the CPU time the supervisor had used by then (less
    sensitive than wall time to a machine that is busy with other work). services: more
    services than the n that announce (each of them announces too once it runs); options: see
    Peer.configure."""
    session.configure(workload.long_running_services(session.root, n, session.ann.path) + (services or []),
                      **options)
    session.launch()
    if not session.wait_all(timeout):
        raise Failed(f"only {len(session.ann.latest)} of {n} services started within {timeout} s; "
                     f"output: {session.output_tail()}")
    cpu = procfs.cpu_seconds(session.supervisor_pids())
    started = [i.started for i in session.ann.latest.values()]
    return {"all": max(started) - session.launched, "first": min(started) - session.launched, "cpu": cpu}


def idle_cpu(session, seconds):
    """CPU time and context switches of the supervisor's threads over an idle window, scaled to
    per 30 s and per second, and which threads were awake. The CPU is the scheduler's count in
    nanoseconds over the threads alive at the end (a thread that ended in the window, counted
    in threads_exited, takes its share with it); cpu_ticks_ms_per_30s is utime+stime of the
    processes, in the 10 ms ticks /proc/PID/stat counts."""
    pids = session.supervisor_pids()
    cpu0, threads0 = procfs.cpu_seconds(pids), procfs.threads(pids)
    session.ann.idle(seconds)
    cpu1, threads1 = procfs.cpu_seconds(pids), procfs.threads(pids)
    switches, cpu, awake = procfs.activity_between(threads0, threads1)
    return {"cpu_ms_per_30s": cpu * 1000 * 30 / seconds,
            "cpu_ticks_ms_per_30s": (cpu1 - cpu0) * 1000 * 30 / seconds,
            "switches_per_s": switches / seconds,
            "awake_threads": awake,
            "threads_exited": len(threads0.keys() - threads1.keys()),
            "threads_born": len(threads1.keys() - threads0.keys()),
            "processes": len(pids), "threads": len(threads1)}


def memory_mib(session):
    """PSS, RSS and the anonymous PSS, summed over the supervisor's processes, in MiB. For a
    supervisor that is one process (Capstan, supervisord) the RSS is its PSS when it runs alone;
    for s6 it counts the pages its processes share once per process."""
    return {k: v / 1024 for k, v in procfs.rollup_kib(session.supervisor_pids()).items()}


def control_round_trip(session, times):
    """Median wall time of the peer's status command (spawn to exit), over several calls."""
    argv = session.peer.control_command(session.root, session.services)
    samples, result = [], None
    for _ in range(times):
        t0 = time.perf_counter()
        result = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=session.peer.env())
        samples.append(time.perf_counter() - t0)
    if result.returncode != 0:
        raise Failed(f"{' '.join(argv)} exited {result.returncode}: {result.stdout.decode()[-300:]}")
    return {"median_ms": statistics.median(samples) * 1000, "samples_ms": [s * 1000 for s in samples],
            "output_lines": len(result.stdout.splitlines())}


def _wait_until_aged(session, name):
    age = time.perf_counter() - session.ann.latest[name].started
    if age < MIN_AGE:
        session.ann.idle(MIN_AGE - age)


def respawn_latency(session, samples, timeout=15):
    """SIGKILL a running service (the one that has run longest, once it is MIN_AGE old) and
    time until its replacement announces itself. Returns the latencies in ms."""
    latencies = []
    for _ in range(samples):
        name = min(session.ann.latest, key=lambda n: session.ann.latest[n].started)
        _wait_until_aged(session, name)
        session.ann.pump(0)
        old = session.ann.latest[name].pid
        t0 = time.perf_counter()
        os.kill(old, signal.SIGKILL)
        if not session.ann.wait(lambda: session.ann.latest[name].pid != old, timeout):
            raise Failed(f"{name} not respawned within {timeout} s after SIGKILL")
        latencies.append((session.ann.latest[name].started - t0) * 1000)
    return latencies


def stop_time(session, timeout=60):
    """SIGTERM to the supervisor; seconds until it and every service have exited."""
    for name in session.ann.latest:
        _wait_until_aged(session, name)
    pids = session.supervisor_pids() + [i.pid for i in session.ann.latest.values()]
    with procfs.ExitWatch(pids) as watch:
        t0 = time.perf_counter()
        os.kill(session.pid, signal.SIGTERM)
        if not watch.wait(timeout):
            raise Failed(f"not everything exited within {timeout} s of SIGTERM")
        return time.perf_counter() - t0


def detection_floor(base, samples=10):
    """The harness itself spawns a service script and times it until its announcement: the
    part of every start and respawn figure that is the service's own shell, not a supervisor."""
    root = f"{base}/floor"
    os.makedirs(root)
    ann = Announcements(f"{root}/announce.fifo")
    try:
        script = workload.long_running_services(root, 1, ann.path)[0].script
        result = []
        for _ in range(samples):
            t0 = time.perf_counter()
            pid = children.spawn([script], "/dev/null")
            if not ann.wait(lambda: ann.latest.get("s0000") and ann.latest["s0000"].pid == pid, 10):
                raise Failed("the floor script did not announce itself")
            result.append((ann.latest["s0000"].started - t0) * 1000)
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
        return statistics.median(result)
    finally:
        ann.close()
        shutil.rmtree(root, ignore_errors=True)


# ---- XML-RPC ------------------------------------------------------------------------------

# What xmlrpc.client sends for supervisor.getAllProcessInfo(), byte for byte.
GET_ALL_PROCESS_INFO = (b"<?xml version='1.0'?>\n<methodCall>\n<methodName>supervisor.getAllProcessInfo"
                        b"</methodName>\n<params>\n</params>\n</methodCall>\n")


def use_once(session):
    """One request of each kind the supervisor serves, each on a connection of its own, then
    closed: the web page (Capstan's rows; supervisord's page), /metrics (Capstan), and an XML-RPC
    getAllProcessInfo."""
    requests = [("GET", "/ui/rows", None), ("GET", "/metrics", None)] if session.peer.name == "capstan" \
        else [("GET", "/", None)]
    requests.append(("POST", "/RPC2", GET_ALL_PROCESS_INFO))
    for method, path, body in requests:
        conn = UnixConnection(f"{session.root}/supervisor.sock")
        try:
            conn.request(method, path, body, {"Content-Type": "text/xml"} if body else {})
            response = conn.getresponse()
            response.read()
            if response.status != 200:
                raise Failed(f"{method} {path}: {response.status}")
        finally:
            conn.close()


def xmlrpc_calls(session, calls):
    """calls supervisor.getAllProcessInfo requests, one after the other on one kept-alive
    connection to the supervisor's Unix socket: wall time, and the supervisor's CPU time over it.
    The answers are read whole but not parsed (the client's parsing would be the same for every
    peer); the first is checked to list every service, and every one to keep the connection."""
    conn = UnixConnection(f"{session.root}/supervisor.sock")
    headers = {"Content-Type": "text/xml", "Accept": "text/xml",
               "Content-Length": str(len(GET_ALL_PROCESS_INFO))}
    pids = session.supervisor_pids()
    cpu0 = procfs.cpu_seconds(pids)
    t0 = time.perf_counter()
    try:
        for i in range(calls):
            conn.request("POST", "/RPC2", GET_ALL_PROCESS_INFO, headers)
            response = conn.getresponse()
            body = response.read()
            if response.status != 200:
                raise Failed(f"call {i + 1}: HTTP {response.status}")
            if i == 0 and body.count(b"<name>statename</name>") != len(session.services):
                raise Failed(f"the first answer does not list {len(session.services)} processes: {body[:300]!r}")
            if response.will_close:
                raise Failed(f"call {i + 1}: the server closed the connection")
    finally:
        conn.close()
    wall = time.perf_counter() - t0
    return {"xmlrpc_s": wall, "xmlrpc_cpu_s": procfs.cpu_seconds(pids) - cpu0, "xmlrpc_per_s": calls / wall,
            "xmlrpc_answer_bytes": len(body)}


def supervisorctl_status(session, times):
    """Median wall time of Debian's supervisorctl status (the same client for every peer), over
    several calls; every call makes one connection per RPC, as supervisorctl does."""
    argv = ["/usr/bin/supervisorctl", "-c", f"{session.root}/supervisord.conf", "status"]
    samples = []
    for _ in range(times):
        t0 = time.perf_counter()
        result = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        samples.append(time.perf_counter() - t0)
        if result.returncode != 0:
            raise Failed(f"supervisorctl status exited {result.returncode}: {result.stdout.decode()[-300:]}")
    return {"supervisorctl_ms": statistics.median(samples) * 1000, "supervisorctl_samples_ms": [s * 1000 for s in samples]}


# ---- log capture -------------------------------------------------------------------------

def _times_children(path):
    """CPU seconds of the shell's children from `times` output (second line: user and sys)."""
    with open(path) as f:
        line = f.read().splitlines()[1]
    return sum(int(m) * 60 + float(s) for m, s in re.findall(r"(\d+)m([\d.]+)s", line))


def _open_go(path, timeout):
    deadline = time.perf_counter() + timeout
    while True:
        try:
            return os.open(path, os.O_WRONLY | os.O_NONBLOCK)
        except OSError:  # ENXIO: the writer is not reading yet
            if time.perf_counter() > deadline:
                raise Failed("the writer never opened its go fifo")
            time.sleep(0.001)


def capture(session, data, size, block_size, maxbytes, timeout):
    """The writer service copies size bytes to stdout in block_size writes; the supervisor
    captures them into a log. Wall time from the go signal until the log holds every byte,
    CPU time of the supervisor's processes over that span, and the writer's own CPU time."""
    root = session.root
    go = f"{root}/go.fifo"
    os.mkfifo(go, 0o600)
    log = f"{root}/out/writer" + ("" if session.peer.name == "s6" else ".log")
    os.makedirs(f"{root}/out")
    session.configure([workload.writer_service(root, session.ann.path, go, data, block_size, log, maxbytes)])
    session.launch()
    if not session.ann.wait(lambda: "writer" in session.ann.latest, 60):
        raise Failed(f"the writer did not start: {session.output_tail()}")
    if session.peer.name == "s6":  # s6-log starts alongside the writer and must be counted
        deadline = time.perf_counter() + 5
        while "s6-log" not in map(procfs.comm, session.supervisor_pids()):
            if time.perf_counter() > deadline:
                raise Failed("s6-log did not start")
            time.sleep(0.01)
    session.ann.idle(SETTLE)  # let the supervisor finish booting (a JVM compiles for a while)
    pids = session.supervisor_pids()
    fd = _open_go(go, 10)
    user0, sys0 = procfs.cpu_split(pids)
    t0 = time.perf_counter()
    os.write(fd, b"go\n")
    os.close(fd)
    if not session.ann.wait(lambda: "done" in session.ann.latest, timeout):
        raise Failed(f"the writer did not finish within {timeout} s")
    log_size, last_change = workload.log_bytes(log), time.perf_counter()
    while log_size < size:
        time.sleep(0.001)
        now = workload.log_bytes(log)
        if now != log_size:
            log_size, last_change = now, time.perf_counter()
        elif time.perf_counter() - last_change > 5:
            raise Failed(f"the log stopped at {log_size} of {size} bytes")
    wall = time.perf_counter() - t0
    user1, sys1 = procfs.cpu_split(pids)
    return {"wall_s": wall, "supervisor_cpu_s": user1 - user0 + sys1 - sys0,
            "supervisor_user_s": user1 - user0, "supervisor_sys_s": sys1 - sys0,
            "writer_cpu_s": _times_children(f"{root}/writer.times"), "log_bytes": log_size, "processes": len(pids)}


def capture_baseline(base, data, size, block_size):
    """The same dd with its stdout opened on the file directly: no supervisor at all."""
    out = f"{base}/baseline.log"
    t0 = time.perf_counter()
    pid = children.spawn(["dd", f"if={data}", f"bs={block_size}", "status=none"], out)
    _, status, usage = os.wait4(pid, 0)
    wall = time.perf_counter() - t0
    log_size = os.path.getsize(out)
    os.unlink(out)
    if status != 0 or log_size != size:
        raise Failed(f"baseline dd: status {status}, {log_size} of {size} bytes")
    return {"wall_s": wall, "supervisor_cpu_s": 0.0, "writer_cpu_s": usage.ru_utime + usage.ru_stime,
            "log_bytes": log_size}


# ---- event listeners ---------------------------------------------------------------------

def event_latency(session, samples, timeout=15):
    """With the services running and an event listener for PROCESS_STATE_EXITED
    (workload.exited_listener): SIGKILL the service that has run longest (once it is MIN_AGE old,
    so Capstan's crash-loop breaker never trips) and time until the listener has read its
    PROCESS_STATE_EXITED header. Returns the latencies in ms."""
    names = [s.name for s in session.services]
    latencies = []
    for _ in range(samples):
        name = min(names, key=lambda n: session.ann.latest[n].started)
        _wait_until_aged(session, name)
        session.ann.pump(0)
        old = session.ann.latest[name].pid
        t0 = time.perf_counter()
        os.kill(old, signal.SIGKILL)

        def seen():
            e = session.ann.latest.get(f"exited:{name}")
            return e is not None and e.pid == old
        if not session.ann.wait(seen, timeout):
            raise Failed(f"no PROCESS_STATE_EXITED of {name} reached the listener within {timeout} s; "
                         f"output: {session.output_tail()}")
        latencies.append((session.ann.latest[f"exited:{name}"].started - t0) * 1000)
        if not session.ann.wait(lambda: session.ann.latest[name].pid != old, timeout):
            raise Failed(f"{name} not respawned within {timeout} s after SIGKILL")
    return latencies


# ---- the etcd source ---------------------------------------------------------------------

def etcd_section(etcd):
    """Capstan's [etcd] section for node b1 of this etcd, with /commit as the fleet's commit key."""
    return ["[etcd]", f"endpoints={etcd.url}", "node=b1", "commit_key=/commit", ""]


def etcd_commits(session, etcd, commits, timeout=15):
    """The service `svc` (autostart=false, startsecs=0: RUNNING is its spawn) switched on and off
    through etcd, as an operator does it: `/nodes/b1/svc/enable` written, then `/commit`. Times
    each commit's write (through the gateway) to svc's announcement, and etcd's own answer to
    the write; after each, svc is switched off again and its process awaited."""
    latencies, answers = [], []
    for i in range(commits):
        etcd.put("/nodes/b1/svc/enable", "true")
        previous = session.ann.latest.get("svc")
        t0 = time.perf_counter()
        etcd.put("/commit", str(2 * i + 1))
        answers.append((time.perf_counter() - t0) * 1000)
        if not session.ann.wait(lambda: session.ann.latest.get("svc") is not previous, timeout):
            raise Failed(f"svc did not start within {timeout} s of commit {2 * i + 1}; output: {session.output_tail()}")
        latencies.append((session.ann.latest["svc"].started - t0) * 1000)
        with procfs.ExitWatch([session.ann.latest["svc"].pid]) as gone:
            etcd.put("/nodes/b1/svc/enable", "false")
            etcd.put("/commit", str(2 * i + 2))
            if not gone.wait(timeout):
                raise Failed(f"svc did not stop within {timeout} s of commit {2 * i + 2}")
    return {"etcd_commit_ms": latencies, "etcd_answer_ms": answers}


# ---- HTTP: the web page and /metrics ------------------------------------------------------

class UnixConnection(http.client.HTTPConnection):
    """HTTP/1.1 on a Unix socket, kept alive as a scraper or a browser keeps its connection."""

    def __init__(self, path, timeout=60):
        super().__init__("localhost", timeout=timeout)
        self.socket_path = path

    def connect(self):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.settimeout(self.timeout)
        self.sock.connect(self.socket_path)


def http_series(session, path, requests, revalidate=False):
    """requests + 1 GETs of path on one kept-alive connection to the supervisor's socket. The
    first is reported alone (it loads classes and runs them interpreted); of the rest, the median
    and p90 wall time (send to last byte read) and the supervisor's CPU per request (its
    utime+stime over them, divided). revalidate: every request after the first carries the
    first answer's ETag in If-None-Match, as the page's refresh does while nothing changed."""
    conn = UnixConnection(f"{session.root}/supervisor.sock")
    pids = session.supervisor_pids()
    headers, times, size = {}, [], 0
    try:
        cpu0 = procfs.cpu_seconds(pids)
        for i in range(requests + 1):
            if i == 1:
                cpu1 = procfs.cpu_seconds(pids)
            t0 = time.perf_counter()
            conn.request("GET", path, headers=headers)
            response = conn.getresponse()
            body = response.read()
            times.append((time.perf_counter() - t0) * 1000)
            if response.status not in (200, 304):
                raise Failed(f"GET {path}: {response.status} {body[:200]!r}")
            if i == 0 and revalidate:
                headers = {"If-None-Match": response.getheader("ETag")}
            elif i > 0 and revalidate and response.status != 304:
                raise Failed(f"GET {path} with If-None-Match: {response.status}, not 304")
            size = len(body)
        cpu2 = procfs.cpu_seconds(pids)
    finally:
        conn.close()
    rest = times[1:]
    return {"first_ms": times[0], "first_cpu_ms": (cpu1 - cpu0) * 1000, "ms": statistics.median(rest),
            "p90_ms": statistics.quantiles(rest, n=10)[-1] if len(rest) > 1 else rest[0],
            "cpu_ms": (cpu2 - cpu1) * 1000 / requests, "bytes": size}


# ---- hot deploy ----------------------------------------------------------------------------

def deploy_latency(session, samples, timeout=30):
    """A new service dropped in while the supervisor runs, the way each peer takes one, timed
    from the start of the drop to the service's announcement:
      capstan      a service bundle (workload.service_bundle) copied into the [capstan] deploy
                   directory, as `cp` copies it
      supervisord  a [program:x] file written into its [include] directory, then Debian's
                   `supervisorctl update` (the client's own start counts: it is the operator's step)
      s6           a service directory moved into the scan directory, then `s6-svscanctl -a`
    Returns the latencies in ms."""
    root, peer = session.root, session.peer.name
    latencies = []
    for i in range(samples):
        name = f"d{i:03d}"
        script = workload.long_running_service(root, name, session.ann.path).script
        t0 = time.perf_counter()
        if peer == "capstan":
            staged = workload.service_bundle(f"{root}/staged-{name}.jar", name, script)
            t0 = time.perf_counter()
            shutil.copyfile(staged, f"{root}/deploy/{name}.jar")
        elif peer == "supervisord":
            workload.supervisord_program(f"{root}/conf.d/{name}.conf", name, script)
            subprocess.run(["/usr/bin/supervisorctl", "-c", f"{root}/supervisord.conf", "update"],
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
        else:
            staged = f"{root}/staged-{name}"
            workload.s6_service_dir(staged, workload.Service(name, script))
            t0 = time.perf_counter()
            os.rename(staged, f"{root}/scan/{name}")
            subprocess.run(["s6-svscanctl", "-a", f"{root}/scan"], check=True)
        if not session.ann.wait(lambda: name in session.ann.latest, timeout):
            raise Failed(f"{name} did not start within {timeout} s of its deploy; output: {session.output_tail()}")
        latencies.append((session.ann.latest[name].started - t0) * 1000)
    return latencies


# ---- classes ---------------------------------------------------------------------------------

def classes_loaded(session):
    """Classes the JVM has loaded (jcmd VM.classloader_stats' total, hidden classes included).
    Attaching starts a thread and loads a few classes in the JVM: read memory before this."""
    result = subprocess.run(["jcmd", str(session.pid), "VM.classloader_stats"], stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, timeout=60)
    m = re.search(r"^Total = \d+\s+(\d+)", result.stdout.decode(errors="replace"), re.M)
    if not m:
        raise Failed(f"jcmd VM.classloader_stats: {result.stdout.decode(errors='replace')[-300:]}")
    return int(m.group(1))
