"""bench/http: what the operations endpoints cost with many services. Capstan runs N services
(default 1000); on its control socket, one kept-alive connection each, the harness scrapes
/metrics and refreshes the page's rows (GET /ui/rows, what the page polls every 2 s) a number
of times, and reads Capstan's own CPU time around them. Idle CPU is measured before any request,
after the clients left, and on a copy of the distribution without the web bundle.

    bench/http [--n 1000] [--requests 50] [--idle-seconds 30]

Each request's wall time is the client's (send to last byte read); Capstan's CPU per request is
its utime+stime over the whole series divided by the requests. The first request of each kind
is reported alone: it loads the bundle's classes and runs them interpreted."""
import argparse
import http.client
import os
import shutil
import socket
import statistics
import sys
import tempfile
import time

from . import children, measure, procfs
from .cli import ROOT
from .peers import Capstan
from .runner import log


SERIES = (
    ("GET /metrics", "/metrics", None),
    ("GET /ui/rows, rows changed (a render)", "/ui/rows", None),
    ("GET /ui/rows, rows unchanged (304)", "/ui/rows", {"If-None-Match": "ETAG"}),
)


class UnixConnection(http.client.HTTPConnection):
    """HTTP/1.1 on a Unix socket, kept alive as a scraper or a browser keeps its connection."""

    def __init__(self, path):
        super().__init__("localhost", timeout=60)
        self.path = path

    def connect(self):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.settimeout(self.timeout)
        self.sock.connect(self.path)


def _series(session, path, requests, headers=None):
    """First request's ms and Capstan CPU ms; median and p90 ms of the rest and Capstan's CPU ms
    per request over them; the response's bytes. headers: sent with every request; a value
    "ETAG" is replaced by the ETag of the first answer (a refresh of rows that did not change)."""
    conn = UnixConnection(f"{session.root}/supervisor.sock")
    pid = session.pid
    try:
        times, size, sent = [], 0, {}
        cpu_first = procfs.cpu_seconds([pid])
        for i in range(requests + 1):
            if i == 1:
                cpu_rest = procfs.cpu_seconds([pid])
            t0 = time.perf_counter()
            conn.request("GET", path, headers=sent)
            response = conn.getresponse()
            body = response.read()
            times.append((time.perf_counter() - t0) * 1000)
            if response.status not in (200, 304):
                raise measure.Failed(f"GET {path}: {response.status} {body[:200]!r}")
            size = len(body)
            if i == 0 and headers:
                etag = response.getheader("ETag")
                sent = {k: etag if v == "ETAG" else v for k, v in headers.items()}
        cpu_end = procfs.cpu_seconds([pid])
    finally:
        conn.close()
    return {"first_ms": times[0], "first_cpu_ms": (cpu_rest - cpu_first) * 1000,
            "median_ms": statistics.median(times[1:]), "p90_ms": statistics.quantiles(times[1:], n=10)[-1],
            "cpu_ms": (cpu_end - cpu_rest) * 1000 / requests, "bytes": size}


def _without_web(home, base):
    """A copy of the distribution without the web bundle, with a class data sharing archive of
    its own (an archive is valid only where it was built)."""
    copy = f"{base}/capstan-without-web"
    shutil.copytree(home, copy, symlinks=True)
    for name in os.listdir(f"{copy}/bundles/3"):
        if name.startswith("dev.capstan.web-"):
            os.remove(f"{copy}/bundles/3/{name}")
    children.spawn([f"{copy}/bin/capstan", "--build-cds"], f"{base}/build-cds.out")
    while True:
        status = children.reap()
        if status:
            break
        time.sleep(0.2)
    return copy


def _idle(session, seconds):
    r = measure.idle_cpu(session, seconds)
    return {"cpu_ms_per_30s": round(r["cpu_ms_per_30s"], 1), "switches_per_s": round(r["switches_per_s"], 1),
            "threads": r["threads"]}


def main(argv=None):
    p = argparse.ArgumentParser(prog="bench/http", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--n", type=int, default=1000, help="services (default 1000)")
    p.add_argument("--requests", type=int, default=50, help="requests of each kind after the first (default 50)")
    p.add_argument("--idle-seconds", type=float, default=30)
    p.add_argument("--capstan-home", default=f"{ROOT}/distribution/target/capstan")
    p.add_argument("--workdir", default="/dev/shm" if os.path.isdir("/dev/shm") else None)
    args = p.parse_args(argv if argv is not None else sys.argv[1:])

    children.become_subreaper()
    base = tempfile.mkdtemp(prefix="caphttp-", dir=args.workdir)
    results = {}
    try:
        with measure.Session(Capstan(args.capstan_home), base, "web") as session:
            start = measure.start_time(session, args.n, 600)
            log(f"{args.n} services running after {start['all']:.1f} s")
            session.ann.idle(measure.SETTLE)
            results["idle before any request"] = _idle(session, args.idle_seconds)
            for name, path, headers in SERIES:
                results[name] = _series(session, path, args.requests, headers)
                log(f"{name}: {results[name]}")
            # Connection threads end 30 s after their client left; then Capstan is as before.
            session.ann.idle(35)
            results["idle after the clients left"] = _idle(session, args.idle_seconds)
        home = _without_web(args.capstan_home, base)
        with measure.Session(Capstan(home), base, "without") as session:
            measure.start_time(session, args.n, 600)
            session.ann.idle(measure.SETTLE)
            results["idle without the web bundle"] = _idle(session, args.idle_seconds)
    finally:
        children.kill_descendants()
        shutil.rmtree(base, ignore_errors=True)

    print(f"| request (N={args.n} services, Unix socket, keep-alive, {args.requests} after the first) "
          f"| first ms | first: Capstan CPU ms "
          f"| median ms | p90 ms | Capstan CPU ms per request | response bytes |")
    print("|---|--:|--:|--:|--:|--:|--:|")
    for name, _, _ in SERIES:
        r = results[name]
        print(f"| {name} | {r['first_ms']:.1f} | {r['first_cpu_ms']:.0f} "
              f"| {r['median_ms']:.1f} | {r['p90_ms']:.1f} | {r['cpu_ms']:.1f} | {r['bytes']:,} |")
    print()
    print(f"| idle, {args.idle_seconds:.0f} s window | Capstan CPU ms per 30 s | context switches per s | threads |")
    print("|---|--:|--:|--:|")
    for name in ("idle before any request", "idle after the clients left", "idle without the web bundle"):
        r = results[name]
        print(f"| {name} | {r['cpu_ms_per_30s']} | {r['switches_per_s']} | {r['threads']} |")
    print()
    print(f"1-minute load average at the end: {os.getloadavg()[0]:.1f} ({os.cpu_count()} CPUs)")
    return 0
