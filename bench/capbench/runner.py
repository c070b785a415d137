"""One benchmark run: every case, for every peer, for every repetition; raw records out."""
import os
import shutil
import statistics
import sys
import tempfile
import time
import traceback
from dataclasses import dataclass

from . import children, measure, workload
from .measure import Session

MIB = 1024 * 1024


@dataclass
class Settings:
    reps: int = 3
    idle_seconds: float = 30
    respawn_samples: int = 20      # per repetition; pooled over repetitions
    control_calls: int = 10
    xmlrpc_services: int = 100
    xmlrpc_calls: int = 1000
    capture_mib: int = 500
    large_ns: tuple = (200, 1000)  # start-only cases; N=10 is the steady case
    cases: tuple = ("steady", "start", "capture", "xmlrpc")

    @classmethod
    def quick(cls):
        return cls(reps=1, idle_seconds=5, respawn_samples=10, control_calls=5, capture_mib=100)


def log(msg):
    print(msg, file=sys.stderr, flush=True)


class Runner:
    def __init__(self, peers, settings, workdir, keep=False):
        self.peers = peers
        self.s = settings
        self.base = tempfile.mkdtemp(prefix="capbench-", dir=workdir)
        self.keep = keep
        self.records = []

    def close(self):
        children.kill_descendants()
        if not self.keep:
            shutil.rmtree(self.base, ignore_errors=True)

    def _session(self, peer, tag):
        return Session(peer, self.base, tag, keep=self.keep)

    def _record(self, peer, rep, case, values, error=None, **labels):
        self.records.append({"peer": peer.name, "rep": rep, "case": case, **labels,
                             "values": values, "error": error, "load1": os.getloadavg()[0]})
        shown = {k: round(statistics.median(v) if isinstance(v, list) else v, 4)
                 for k, v in values.items() if v and k.endswith(("_s", "_ms", "_mib", "_30s", "_per_s"))}
        log(f"  {peer.name:<11} {case:<8} {' '.join(f'{k}={v}' for k, v in labels.items())} "
            f"{shown}{'  ERROR: ' + error if error else ''}")

    def _step(self, values, errors, key, fn):
        """Run one measurement; a failure is recorded and the others still run."""
        try:
            values[key] = fn()
            return True
        except Exception as e:  # noqa: BLE001 - any failure of one step is reported, not fatal
            errors.append(f"{key}: {e}")
            if not isinstance(e, measure.Failed):
                traceback.print_exc()
            return False

    def steady(self, peer, rep):
        """N=10: start time, idle CPU, PSS, control round trip, respawn latency, stop time."""
        values, errors = {}, []
        with self._session(peer, f"n10-r{rep}") as session:
            if self._step(values, errors, "start", lambda: measure.start_time(session, 10, 60)):
                session.ann.idle(measure.MIN_AGE + measure.SETTLE)
                self._step(values, errors, "idle", lambda: measure.idle_cpu(session, self.s.idle_seconds))
                self._step(values, errors, "memory", lambda: measure.memory_mib(session))
                self._step(values, errors, "control",
                           lambda: measure.control_round_trip(session, self.s.control_calls))
                self._step(values, errors, "respawn_ms",
                           lambda: measure.respawn_latency(session, self.s.respawn_samples))
                self._step(values, errors, "stop_s", lambda: measure.stop_time(session))
        self._record(peer, rep, "n10", _flatten(values), "; ".join(errors) or None)

    def start(self, peer, rep, n):
        values, errors = {}, []
        with self._session(peer, f"n{n}-r{rep}") as session:
            if self._step(values, errors, "start", lambda: measure.start_time(session, n, 180)):
                if n >= 1000:
                    session.ann.idle(3)
                    self._step(values, errors, "memory", lambda: measure.memory_mib(session))
        self._record(peer, rep, f"n{n}", _flatten(values), "; ".join(errors) or None)

    def xmlrpc(self, peer, rep):
        """supervisord's remote interface with 100 services: 1000 getAllProcessInfo calls on one
        connection, and the real supervisorctl status."""
        values, errors = {}, []
        n = self.s.xmlrpc_services
        with self._session(peer, f"xmlrpc-r{rep}") as session:
            if self._step(values, errors, "start", lambda: measure.start_time(session, n, 180)):
                session.ann.idle(measure.MIN_AGE + measure.SETTLE)  # every service RUNNING (startsecs=1)
                self._step(values, errors, "xmlrpc", lambda: measure.xmlrpc_calls(session, self.s.xmlrpc_calls))
                self._step(values, errors, "supervisorctl",
                           lambda: measure.supervisorctl_status(session, self.s.control_calls))
        self._record(peer, rep, "xmlrpc", _flatten(values), "; ".join(errors) or None)

    def capture(self, peer, rep, data, size, block_size, maxbytes):
        variant = "s6-log" if peer.name == "s6" else f"maxbytes={maxbytes}"
        values, errors = {}, []
        with self._session(peer, f"cap-{block_size}-{maxbytes}-r{rep}") as session:
            self._step(values, errors, "capture",
                       lambda: measure.capture(session, data, size, block_size, maxbytes, timeout=600))
        self._record(peer, rep, "capture", _flatten(values), "; ".join(errors) or None,
                     writes=block_size, variant=variant)

    def capture_baseline(self, rep, data, size, block_size):
        values, errors = {}, []
        self._step(values, errors, "capture",
                   lambda: measure.capture_baseline(self.base, data, size, block_size))
        self._record(_Baseline, rep, "capture", _flatten(values), "; ".join(errors) or None,
                     writes=block_size, variant="direct")

    def run(self):
        s = self.s
        self.detection_floor_ms = measure.detection_floor(self.base)
        log(f"detection floor (harness spawns the service script itself): {self.detection_floor_ms:.2f} ms")
        data = None
        if "capture" in s.cases:
            data = workload.text_data(f"{self.base}/data.txt", s.capture_mib * MIB)
        for rep in range(1, s.reps + 1):
            # rotate the order so that no peer always runs first (or last) in a repetition
            order = self.peers[rep - 1:] + self.peers[:rep - 1]
            log(f"repetition {rep}/{s.reps}: {', '.join(p.name for p in order)}")
            for peer in order:
                t0 = time.perf_counter()
                if "steady" in s.cases:
                    self.steady(peer, rep)
                if "start" in s.cases:
                    for n in s.large_ns:
                        self.start(peer, rep, n)
                if "capture" in s.cases:
                    for block_size in ("64k", "100"):
                        for maxbytes in (("0",) if peer.name == "s6" else ("0", "1GB")):
                            self.capture(peer, rep, data, s.capture_mib * MIB, block_size, maxbytes)
                if "xmlrpc" in s.cases and peer.name != "s6":  # s6 has no XML-RPC interface
                    self.xmlrpc(peer, rep)
                log(f"  {peer.name} done in {time.perf_counter() - t0:.0f} s")
            if "capture" in s.cases:
                for block_size in ("64k", "100"):
                    self.capture_baseline(rep, data, s.capture_mib * MIB, block_size)


class _Baseline:
    name = "baseline"


def _flatten(values):
    """{"start": {"all": 1, "first": 0.5}} -> {"start_all_s": ...}: one level, named with units."""
    flat = {}
    for key, value in values.items():
        if key == "start":
            flat["start_s"], flat["first_s"], flat["start_cpu_s"] = value["all"], value["first"], value["cpu"]
        elif key == "idle":
            flat.update({f"idle_{k}": v for k, v in value.items()})
        elif key == "control":
            flat["control_ms"], flat["control_samples_ms"] = value["median_ms"], value["samples_ms"]
            flat["control_output_lines"] = value["output_lines"]
        elif key == "memory":  # one sample: the PSS and RSS of a record are of the same moment
            flat["pss_mib"], flat["rss_mib"] = value["Pss"], value["Rss"]
        elif key in ("capture", "xmlrpc", "supervisorctl"):
            flat.update(value)
        else:
            flat[key] = value
    return flat
