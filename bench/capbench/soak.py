"""bench/soak: Capstan under chaos for minutes, and whether it leaks.

One Capstan runs services that restart every half second, leave orphans behind, flood the
console and a rotating file; meanwhile signals storm at it, clients poll, hold half-sent
requests, send garbage and follow logs without reading, and the console stalls now and then.
Capstan's descriptors, threads, RSS and heap (after a full collection) are sampled under that
load once it is warm and again at the end; growth beyond the tolerances fails the run, and so
does a control socket that stops answering, a service gone FATAL, or a SIGTERM that does not end
Capstan in order and in time. See bench/README.md.
"""
import argparse
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time

from . import children, procfs

# Growth allowed between the sample taken once warm and the one at the end, both under load, each
# the median of several readings. What moves with the load is counted apart: pipes follow the
# services running at that moment (two each), so what is checked is how many more there are than
# that; sockets and threads that come and go with the clients (a connection's, a command's) must be
# gone once the clients are (DRAINED).
TOLERANCE = {
    "other_fds": (1.0, 8),        # end <= start + 8: files, sockets Capstan listens on, epoll...
    "extra_pipes": (1.0, 16),     # end <= start + 16: pipes beyond two per child
    "steady_threads": (1.0, 2),   # end <= start + 2
    "rss_kib": (1.20, 16384),     # end <= start * 1.20 + 16 MiB
    "heap_kib": (1.20, 4096),     # end <= start * 1.20 + 4 MiB (live heap after a full collection)
}
# Threads of a client's connection or command, a Gogo pipe, a probe: they end when idle.
TRANSIENT = re.compile(r"^(capstan-http-\d|capstan-http-ti|capstan-command|pipe-|capstan-probe)")
# How long the transient threads get to end once the clients are gone (the HTTP server's idle
# threads end after 30 s), and how many may be left then.
DRAIN_SECONDS = 45
DRAINED = 2
SHUTDOWN_TIMEOUT = 8
STOP_MARGIN = 4


def main(argv=None):
    p = argparse.ArgumentParser(prog="bench/soak", description=__doc__.split("\n\n")[0])
    p.add_argument("--capstan", default=os.path.join(os.path.dirname(__file__), "..", "..", "distribution",
                                                      "target", "capstan"),
                   help="the built distribution (default: distribution/target/capstan)")
    p.add_argument("--minutes", type=float, default=10, help="how long the load runs once warm (default 10)")
    p.add_argument("--seconds", type=float, help="the same in seconds (the CI's short run)")
    p.add_argument("--warmup", type=float, default=None, help="seconds of load before the first sample "
                   "(default: a tenth of the run, 20 to 60)")
    p.add_argument("--services", type=int, default=300, help="services that restart every half second (300)")
    p.add_argument("--json", help="write the samples and the verdict here")
    p.add_argument("--keep", action="store_true", help="keep the work directory")
    args = p.parse_args(argv)
    duration = args.seconds if args.seconds is not None else args.minutes * 60
    warmup = args.warmup if args.warmup is not None else min(60, max(20, duration / 10))

    dist = os.path.abspath(args.capstan)
    if not os.path.exists(os.path.join(dist, "bin", "capstan")):
        print(f"soak: no distribution at {dist}; build it with mvn -B -q package -DskipTests", file=sys.stderr)
        return 2
    children.become_subreaper()
    work = tempfile.mkdtemp(prefix="capstan-soak-")
    soak = Soak(dist, work, args.services)
    try:
        verdict = soak.run(warmup, duration)
    finally:
        soak.close()
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    print(report(verdict))
    if args.json:
        with open(args.json, "w") as f:
            json.dump(verdict, f, indent=2)
    return 0 if verdict["passed"] else 1


class Soak:
    def __init__(self, dist, work, services):
        self.dist = dist
        self.work = work
        self.services = services
        self.socket = os.path.join(work, "capstan.sock")
        self.proc = None
        self.stop_chaos = threading.Event()
        self.console = Console()
        self.problems = []
        self.listening = 0
        self.counts = {"status_ok": 0, "status_failed": 0, "signals": 0, "hostile": 0, "half_sent": 0,
                       "followers": 0}
        self.lock = threading.Lock()

    # ---- the run ----

    def run(self, warmup, duration):
        conf = self.write_configuration()
        self.proc = subprocess.Popen([os.path.join(self.dist, "bin", "capstan"), "-c", conf],
                                     stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        threading.Thread(target=self.console.pump, args=(self.proc.stdout,), daemon=True).start()
        self.await_socket(60)
        self.listening = fd_kinds(self.proc.pid)["socket"]
        chaos = [threading.Thread(target=f, daemon=True) for f in
                 (self.signal_storm, self.poll_status, self.hostile_clients, self.half_sent_requests,
                  self.followers, self.console_stalls)]
        for t in chaos:
            t.start()
        t0 = time.monotonic()
        samples = []
        print(f"soak: {self.services} services restarting every 0.5 s, chaos on; warming up {warmup:.0f} s, "
              f"then {duration:.0f} s", flush=True)
        time.sleep(warmup)
        start = self.sample()
        samples.append(dict(start, at=round(time.monotonic() - t0)))
        print(f"soak: start {brief(start)}", flush=True)
        end_at = time.monotonic() + duration
        while time.monotonic() < end_at and self.proc.poll() is None:
            time.sleep(min(60, max(0, end_at - time.monotonic())))
            s = self.sample()
            samples.append(dict(s, at=round(time.monotonic() - t0)))
            print(f"soak: {round(time.monotonic() - t0):>5} s {brief(s)}", flush=True)
        end = samples[-1]
        self.stop_chaos.set()
        for t in chaos:
            t.join(30)
        self.console.resume()
        verdict = {"services": self.services, "warmup_s": warmup, "duration_s": duration, "samples": samples,
                   "tolerance": {k: {"factor": f, "plus": a} for k, (f, a) in TOLERANCE.items()},
                   "counts": dict(self.counts, restarts_on_console=self.console.restarts,
                                  console_lines=self.console.lines, dropped_reports=self.console.dropped_reports,
                                  lines_dropped=self.console.dropped)}
        self.check_growth(start, end)
        verdict["drained"] = self.check_drained()
        self.check_alive()
        verdict["stop"] = self.check_stop()
        verdict["problems"] = self.problems
        verdict["passed"] = not self.problems
        return verdict

    def write_configuration(self):
        logs = os.path.join(self.work, "logs")
        os.makedirs(logs)
        conf = os.path.join(self.work, "capstan.conf")
        with open(conf, "w") as f:
            f.write(f"""[capstan]
shutdown_timeout = {SHUTDOWN_TIMEOUT}

[unix_http_server]
file = {self.socket}

; Each runs half a second and is started again at once. A restart_window of 1 s keeps them below
; the ten restarts per window that happen at once (docs/engine.md).
[program:flap]
command = sleep 0.5
process_name = flap_%(process_num)03d
numprocs = {self.services}
autorestart = true
startsecs = 0
restart_limit = 0
restart_window = 1s

; Double-forks: a setsid'd sleep escapes the group and is re-parented to Capstan, a plain one stays
; in the group and is stopped with it.
[program:orphans]
command = sh -c '(setsid sleep 1 &); (sleep 1 &); sleep 0.3'
process_name = orphans_%(process_num)d
numprocs = 4
autorestart = true
startsecs = 0
restart_limit = 0
restart_window = 1s

[program:flood]
command = sh -c 'while :; do seq 1 20000; sleep 0.2; done'

[program:floodfile]
command = sh -c 'while :; do seq 1 20000; sleep 0.1; done'
stdout_logfile = {logs}/flood.log
stdout_logfile_maxbytes = 1MB
stdout_logfile_backups = 3

[program:longlines]
command = sh -c 'while :; do head -c 300000 /dev/zero | tr "\\\\0" x; echo; sleep 1; done'
""")
        return conf

    def sample(self):
        """Medians of five readings a second apart, and the live heap after a full collection."""
        pid = self.proc.pid
        fds, other, extra, threads, steady, rss, zombies = [], [], [], [], [], [], []
        for _ in range(5):
            kinds = fd_kinds(pid)
            fds.append(sum(kinds.values()))
            other.append(kinds["other"])
            extra.append(kinds["pipe"] - 2 * len(children_of(pid)))
            names = thread_names(pid)
            threads.append(len(names))
            steady.append(sum(1 for n in names if not TRANSIENT.match(n)))
            rss.append(procfs.rollup_kib([pid], ("Rss",))["Rss"])
            zombies.append(zombie_children(pid))
            time.sleep(1)
        return {"fds": statistics.median(fds), "other_fds": statistics.median(other),
                "extra_pipes": statistics.median(extra), "threads": statistics.median(threads),
                "steady_threads": statistics.median(steady), "rss_kib": statistics.median(rss),
                "heap_kib": heap_kib(pid), "zombies": min(zombies)}

    def check_growth(self, start, end):
        for key, (factor, plus) in TOLERANCE.items():
            if start.get(key) is None or end.get(key) is None:
                continue
            allowed = start[key] * factor + plus
            if end[key] > allowed:
                self.problems.append(f"{key} grew from {start[key]:.0f} to {end[key]:.0f} (allowed {allowed:.0f})")
        if end["zombies"] > 5:
            self.problems.append(f"{end['zombies']} zombies left among Capstan's children")

    def check_drained(self):
        """Once the clients are gone, the threads and connections that served them end."""
        deadline = time.monotonic() + DRAIN_SECONDS
        left, sockets = [], 0
        while time.monotonic() < deadline and self.proc.poll() is None:
            left = [n for n in thread_names(self.proc.pid) if TRANSIENT.match(n)]
            sockets = fd_kinds(self.proc.pid)["socket"]
            if len(left) <= DRAINED and sockets <= self.listening + DRAINED:
                break
            time.sleep(1)
        if len(left) > DRAINED:
            self.problems.append(f"{len(left)} client threads still there {DRAIN_SECONDS} s after the clients left: "
                                 + ", ".join(sorted(set(left))))
        if sockets > self.listening + DRAINED:
            self.problems.append(f"{sockets} sockets open {DRAIN_SECONDS} s after the clients left "
                                 f"({self.listening} before any client)")
        return {"transient_threads_left": len(left), "sockets_left": sockets, "sockets_before_clients": self.listening}

    def check_alive(self):
        if self.proc.poll() is not None:
            self.problems.append(f"Capstan exited during the run ({self.proc.returncode})")
            return
        if self.counts["status_failed"]:
            self.problems.append(f"{self.counts['status_failed']} status calls got no answer")
        if self.console.restarts == 0:
            self.problems.append("no restart was seen on the console")
        out = self.ctl("status", timeout=60)
        if out is None:
            self.problems.append("status got no answer after the run")
        elif "FATAL" in out.stdout:
            self.problems.append("services went FATAL:\n" + "\n".join(l for l in out.stdout.splitlines() if "FATAL" in l))

    def check_stop(self):
        if self.proc.poll() is not None:
            return None
        t = time.monotonic()
        self.proc.send_signal(signal.SIGTERM)
        try:
            code = self.proc.wait(SHUTDOWN_TIMEOUT + STOP_MARGIN)
        except subprocess.TimeoutExpired:
            self.problems.append(f"SIGTERM did not end Capstan within {SHUTDOWN_TIMEOUT + STOP_MARGIN} s")
            return None
        took = round(time.monotonic() - t, 2)
        if code != 0:
            self.problems.append(f"exit code {code} after SIGTERM")
        return {"exit": code, "seconds": took}

    def close(self):
        self.stop_chaos.set()
        self.console.resume()
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
        children.kill_descendants()

    # ---- chaos ----

    def signal_storm(self):
        """Bursts of HUP (reload: nothing changed) and USR1 (reopen logs), every two seconds."""
        while not self.stop_chaos.wait(2):
            for sig in (signal.SIGHUP, signal.SIGUSR1) * 5:
                try:
                    os.kill(self.proc.pid, sig)
                    with self.lock:
                        self.counts["signals"] += 1
                except ProcessLookupError:
                    return

    def poll_status(self):
        """capstanctl status every two seconds: it must always answer (0, or 3 while one is EXITED)."""
        while not self.stop_chaos.wait(2):
            r = self.ctl("status", timeout=30)
            with self.lock:
                self.counts["status_ok" if r is not None and r.returncode in (0, 3) else "status_failed"] += 1

    def hostile_clients(self):
        """Garbage through socat, an oversized request line, curl's own requests, 70 connections at once."""
        curl = shutil.which("curl")
        socat = shutil.which("socat")
        while not self.stop_chaos.wait(1):
            if socat:
                for junk in (b"\x00\xff GARBAGE\r\n\r\n", b"GET /" + b"a" * 20000 + b" HTTP/1.1\r\n\r\n",
                             b"POST /capstan/command HTTP/1.1\r\nContent-Length: 99999999\r\n\r\nstatus"):
                    run([socat, "-t", "2", "-", "UNIX-CONNECT:" + self.socket], junk, 10)
            if curl:
                run([curl, "-s", "-m", "10", "--unix-socket", self.socket, "--data-binary", "status flood",
                     "http://localhost/capstan/command"], None, 15)
                run([curl, "-s", "-m", "10", "--unix-socket", self.socket, "-H", "Content-Type: text/xml",
                     "--data-binary", "<?xml version='1.0'?><methodCall><methodName>supervisor.getState"
                     "</methodName><params/></methodCall>", "http://localhost/RPC2"], None, 15)
            burst = []
            for _ in range(70):
                try:
                    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
                    s.connect(self.socket)
                    burst.append(s)
                except OSError:
                    break
            for s in burst:
                s.close()
            with self.lock:
                self.counts["hostile"] += 1

    def half_sent_requests(self):
        """Ten clients that send half a request head and wait; the server ends them (10 s)."""
        while not self.stop_chaos.is_set():
            held = []
            for _ in range(10):
                try:
                    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
                    s.connect(self.socket)
                    s.sendall(b"POST /capstan/command HTTP/1.1\r\nHost: x\r\n")
                    held.append(s)
                except OSError:
                    break
            with self.lock:
                self.counts["half_sent"] += len(held)
            self.stop_chaos.wait(12)
            for s in held:
                s.close()

    def followers(self):
        """tail -f of the flood through capstanctl, whose output nobody reads, for 20 s at a time."""
        ctl = os.path.join(self.dist, "bin", "capstanctl")
        while not self.stop_chaos.is_set():
            r, w = os.pipe()
            p = subprocess.Popen([ctl, "-s", self.socket, "tail", "-f", "flood"], stdin=subprocess.DEVNULL,
                                 stdout=w, stderr=subprocess.DEVNULL)
            os.close(w)
            with self.lock:
                self.counts["followers"] += 1
            self.stop_chaos.wait(20)
            p.kill()
            p.wait()
            os.close(r)

    def console_stalls(self):
        """Capstan's stdout is not read for 5 s every 30 s, as a stalled log driver."""
        while not self.stop_chaos.wait(25):
            self.console.pause()
            self.stop_chaos.wait(5)
            self.console.resume()

    # ---- helpers ----

    def ctl(self, *args, timeout):
        return run([os.path.join(self.dist, "bin", "capstanctl"), "-s", self.socket, *args], None, timeout)

    def await_socket(self, timeout):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"Capstan exited at boot ({self.proc.returncode})")
            r = self.ctl("pid", timeout=30) if os.path.exists(self.socket) else None
            if r is not None and r.returncode == 0:
                return
            time.sleep(0.5)
        raise RuntimeError("the control socket did not answer within 60 s")


class Console:
    """Reads Capstan's stdout as a log driver would, counting lines, restarts and drop reports;
    it can be told to stop reading for a while."""
    RESTART = b": EXITED -> STARTING"
    DROPPED = re.compile(rb"console: (\d+) lines dropped")

    def __init__(self):
        self.reading = threading.Event()
        self.reading.set()
        self.lines = 0
        self.restarts = 0
        self.dropped = 0
        self.dropped_reports = 0

    def pump(self, stream):
        fd = stream.fileno()
        rest = b""
        while True:
            self.reading.wait()
            chunk = os.read(fd, 1 << 16)
            if not chunk:
                return
            # Whole lines only, so that nothing counted is cut at a read's end.
            text = rest + chunk
            cut = text.rfind(b"\n") + 1
            text, rest = text[:cut], text[cut:]
            self.lines += text.count(b"\n")
            self.restarts += text.count(self.RESTART)
            for m in self.DROPPED.finditer(text):
                self.dropped_reports += 1
                self.dropped += int(m.group(1))

    def pause(self):
        self.reading.clear()

    def resume(self):
        self.reading.set()


def run(argv, stdin, timeout):
    """The command's CompletedProcess, or None when it did not finish in time."""
    try:
        return subprocess.run(argv, input=stdin, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                              timeout=timeout, text=stdin is None)
    except subprocess.TimeoutExpired:
        return None


def zombie_children(pid):
    zombies = 0
    for child in children_of(pid):
        if not procfs.alive(child) and os.path.exists(f"/proc/{child}"):
            zombies += 1
    return zombies


def fd_kinds(pid):
    """Capstan's descriptors: pipes, sockets and the rest."""
    kinds = {"pipe": 0, "socket": 0, "other": 0}
    for fd in os.listdir(f"/proc/{pid}/fd"):
        try:
            target = os.readlink(f"/proc/{pid}/fd/{fd}")
        except OSError:
            continue  # closed while we looked
        kind = target.split(":", 1)[0]
        kinds[kind if kind in kinds else "other"] += 1
    return kinds


def thread_names(pid):
    names = []
    for task in os.listdir(f"/proc/{pid}/task"):
        try:
            with open(f"/proc/{pid}/task/{task}/comm") as f:
                names.append(f.read().strip())
        except OSError:
            pass  # ended while we looked
    return names


def children_of(pid):
    out = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            try:
                with open(f"/proc/{pid}/task/{task}/children") as f:
                    out.extend(int(c) for c in f.read().split())
            except OSError:
                pass
    except OSError:
        pass
    return out


def heap_kib(pid):
    """The live heap after a full collection, from jcmd; None without a jcmd."""
    jcmd = shutil.which("jcmd")
    if jcmd is None:
        return None
    run([jcmd, str(pid), "GC.run"], None, 60)
    r = run([jcmd, str(pid), "GC.heap_info"], None, 60)
    if r is None:
        return None
    used = 0
    for m in re.finditer(r"(?:generation|space)\s+total \d+K, used (\d+)K", r.stdout):
        used += int(m.group(1))
    return used or None


def brief(s):
    heap = "?" if s["heap_kib"] is None else f"{s['heap_kib'] / 1024:.1f} MiB"
    return (f"fds {s['fds']:.0f} ({s['other_fds']:.0f} not pipes, {s['extra_pipes']:+.0f} pipes past two a child), "
            f"threads {s['threads']:.0f} ({s['steady_threads']:.0f} steady), "
            f"RSS {s['rss_kib'] / 1024:.1f} MiB, "
            f"heap {heap}, zombies {s['zombies']}")


def report(v):
    lines = ["", f"soak: {v['services']} services, {v['duration_s']:.0f} s after {v['warmup_s']:.0f} s of warm-up",
             f"{'':>8} {'fds':>6} {'other':>6} {'pipes+':>6} {'threads':>8} {'steady':>7} {'RSS MiB':>8} "
             f"{'heap MiB':>9} {'zombies':>8}"]
    for s in v["samples"]:
        heap = "-" if s["heap_kib"] is None else f"{s['heap_kib'] / 1024:.1f}"
        lines.append(f"{s['at']:>6} s {s['fds']:>6.0f} {s['other_fds']:>6.0f} {s['extra_pipes']:>+6.0f} "
                     f"{s['threads']:>8.0f} {s['steady_threads']:>7.0f} {s['rss_kib'] / 1024:>8.1f} {heap:>9} "
                     f"{s['zombies']:>8}")
    if v.get("drained"):
        d = v["drained"]
        lines.append(f"{DRAIN_SECONDS} s after the clients: {d['transient_threads_left']} client threads, "
                     f"{d['sockets_left']} sockets ({d['sockets_before_clients']} before any client)")
    c = v["counts"]
    lines.append(f"restarts seen {c['restarts_on_console']}, console lines {c['console_lines']}, "
                 f"lines dropped {c['lines_dropped']} ({c['dropped_reports']} reports), signals {c['signals']}, "
                 f"status answered {c['status_ok']} (unanswered {c['status_failed']}), hostile rounds {c['hostile']}, "
                 f"half-sent requests {c['half_sent']}, followers {c['followers']}")
    if v.get("stop"):
        lines.append(f"SIGTERM: exit {v['stop']['exit']} after {v['stop']['seconds']} s")
    lines.append("PASSED" if v["passed"] else "FAILED:\n  " + "\n  ".join(v["problems"]))
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
