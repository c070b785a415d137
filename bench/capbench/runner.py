"""One benchmark run: every case, for every peer, for every repetition; raw records out."""
import os
import shutil
import statistics
import sys
import tempfile
import time
import traceback
from dataclasses import dataclass

from . import children, etcd, measure, workload
from .measure import Session
from .peers import Capstan

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
    events_samples: int = 20       # per repetition; pooled over repetitions
    http_services: int = 1000
    http_requests: int = 20
    deploy_samples: int = 5
    etcd_commits: int = 20
    features_idle_seconds: float = 10
    cases: tuple = ("steady", "start", "capture", "xmlrpc", "events", "http", "s6overlay", "deploy", "etcd",
                    "features")

    @classmethod
    def quick(cls):
        return cls(reps=1, idle_seconds=5, respawn_samples=10, control_calls=5, capture_mib=100, events_samples=10,
                   http_requests=10, deploy_samples=3, etcd_commits=10, features_idle_seconds=5)


def log(msg):
    print(msg, file=sys.stderr, flush=True)


class Runner:
    def __init__(self, peers, settings, workdir, keep=False):
        self.peers = peers
        self.s = settings
        # Capstan reading the services as an s6-overlay tree: the same build and JVM options
        capstan = next((p for p in peers if p.name == "capstan"), None)
        self.tree = capstan and Capstan(capstan.home, capstan.opts, capstan.extra_env, tree=True)
        self.etcd_missing = etcd.missing()
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

    def events(self, peer, rep):
        """A service's death to its PROCESS_STATE_EXITED header on an event listener's stdin."""
        values, errors = {}, []
        with self._session(peer, f"events-r{rep}") as session:
            listener = workload.exited_listener(session.root, session.ann.path)
            if self._step(values, errors, "start", lambda: measure.start_time(session, 10, 60, listener=listener)):
                self._step(values, errors, "event_exited_ms",
                           lambda: measure.event_latency(session, self.s.events_samples))
        self._record(peer, rep, "events", _flatten(values), "; ".join(errors) or None)

    def http(self, peer, rep):
        """With 1000 services: what the web page's refresh costs (Capstan's GET /ui/rows, written
        anew and unchanged; supervisord's page at /, which its refresh reloads whole), and
        Capstan's /metrics scrape."""
        values, errors = {}, []
        n = self.s.http_services
        series = ([("metrics", "/metrics", False), ("page", "/ui/rows", False), ("page304", "/ui/rows", True)]
                  if peer.name == "capstan" else [("page", "/", False)])
        with self._session(peer, f"http-r{rep}") as session:
            if self._step(values, errors, "start", lambda: measure.start_time(session, n, 180)):
                session.ann.idle(measure.MIN_AGE + measure.SETTLE)  # every service RUNNING
                for key, path, revalidate in series:
                    self._step(values, errors, key,
                               lambda: measure.http_series(session, path, self.s.http_requests, revalidate))
        self._record(peer, rep, "http", _flatten(values), "; ".join(errors) or None)

    def s6overlay(self, peer, rep):
        """The services as an s6-overlay tree, read by Capstan, against the same run scripts under
        s6-svscan: start of 10 and respawn, start of 1000."""
        for n in (10, 1000):
            values, errors = {}, []
            with self._session(peer, f"s6tree{n}-r{rep}") as session:
                if self._step(values, errors, "start", lambda: measure.start_time(session, n, 180)) and n == 10:
                    self._step(values, errors, "respawn_ms",
                               lambda: measure.respawn_latency(session, self.s.respawn_samples))
            self._record(peer, rep, f"s6tree{n}", _flatten(values), "; ".join(errors) or None)

    def deploy(self, peer, rep):
        """A service added while 10 run: Capstan's deploy directory, supervisord's include and
        update, s6's scan directory."""
        values, errors = {}, []
        with self._session(peer, f"deploy-r{rep}") as session:
            root = session.root
            os.makedirs(f"{root}/deploy")
            os.makedirs(f"{root}/conf.d")
            options = ({"settings": [f"deploy={root}/deploy"]} if peer.name == "capstan"
                       else {"include": f"{root}/conf.d/*.conf"} if peer.name == "supervisord" else {})
            if self._step(values, errors, "start", lambda: measure.start_time(session, 10, 60, **options)):
                session.ann.idle(measure.MIN_AGE + measure.SETTLE)
                self._step(values, errors, "deploy_ms", lambda: measure.deploy_latency(session, self.s.deploy_samples))
        self._record(peer, rep, "deploy", _flatten(values), "; ".join(errors) or None)

    def etcd(self, peer, rep):
        """The etcd source: a commit to the service it switches on running."""
        values, errors = {}, []
        with self._session(peer, f"etcd-r{rep}") as session, etcd.Etcd(session.root) as store:
            svc = workload.long_running_service(session.root, "svc", session.ann.path, autostart=False, startsecs=0)
            if (self._step(values, errors, "start", lambda: measure.start_time(
                    session, 10, 60, [svc], extra=measure.etcd_section(store)))
                    and self._step(values, errors, "connected",
                                   lambda: session.await_output("etcd: connected to", 30))):
                self._step(values, errors, "etcd",
                           lambda: measure.etcd_commits(session, store, self.s.etcd_commits))
        self._record(peer, rep, "etcd", _flatten(values), "; ".join(errors) or None)

    FEATURES = {
        "capstan": ("base", "inet", "listener", "etcd", "all", "all, used"),
        "supervisord": ("base", "inet", "listener", "all", "all, used"),
    }

    def features(self, peer, rep, store):
        """Memory with each of the wave's features on and off, 10 services, no client connected:
        the HTTP server also on TCP ([inet_http_server]), one event listener subscribed, the etcd
        source connected; "all" has every one, "all, used" has served one request of each kind
        (the web page's rows and /metrics for Capstan, the page at / for supervisord, and an
        XML-RPC getAllProcessInfo for both). PSS, RSS and private PSS, threads, idle CPU and
        context switches over a short window; classes (Capstan, by jcmd, read last)."""
        for variant in self.FEATURES.get(peer.name, ()):
            if variant == "etcd" and store is None:
                continue  # named under the table: etcd is not installed
            values, errors = {}, []
            with self._session(peer, f"feat-{variant.replace(', ', '-')}-r{rep}") as session:
                on = {"inet", "listener", "etcd"} if variant.startswith("all") else {variant}
                options = {"extra": []}
                if "inet" in on:
                    options["inet_port"] = etcd.free_port()
                if "listener" in on:
                    options["listener"] = workload.exited_listener(session.root, session.ann.path)
                if "etcd" in on and peer.name == "capstan":
                    options["extra"] = measure.etcd_section(store)
                if not self._step(values, errors, "start", lambda: measure.start_time(session, 10, 60, **options)):
                    self._record(peer, rep, "features", _flatten(values), "; ".join(errors), variant=variant)
                    continue
                if "etcd" in on and peer.name == "capstan":
                    self._step(values, errors, "connected", lambda: session.await_output("etcd: connected to", 30))
                if variant == "all, used":
                    self._step(values, errors, "used", lambda: measure.use_once(session))
                    session.ann.idle(measure.LINGER)
                session.ann.idle(measure.MIN_AGE + measure.SETTLE)
                self._step(values, errors, "idle", lambda: measure.idle_cpu(session, self.s.features_idle_seconds))
                self._step(values, errors, "memory", lambda: measure.memory_mib(session))
                if peer.name == "capstan":
                    self._step(values, errors, "classes", lambda: measure.classes_loaded(session))
            self._record(peer, rep, "features", _flatten(values), "; ".join(errors) or None, variant=variant)

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
                if "events" in s.cases and peer.name != "s6":  # s6 has no event listeners
                    self.events(peer, rep)
                if "capture" in s.cases:
                    for block_size in ("64k", "100"):
                        for maxbytes in (("0",) if peer.name == "s6" else ("0", "1GB")):
                            self.capture(peer, rep, data, s.capture_mib * MIB, block_size, maxbytes)
                if "xmlrpc" in s.cases and peer.name != "s6":  # s6 has no XML-RPC interface
                    self.xmlrpc(peer, rep)
                if "events" in s.cases and peer.name != "s6":  # s6 has no event listeners
                    self.events(peer, rep)
                if "http" in s.cases and peer.name != "s6":  # s6 has no web page
                    self.http(peer, rep)
                if "s6overlay" in s.cases and peer.name != "supervisord":
                    self.s6overlay(self.tree if peer.name == "capstan" else peer, rep)
                if "deploy" in s.cases:
                    self.deploy(peer, rep)
                if "etcd" in s.cases and peer.name == "capstan" and not self.etcd_missing:
                    self.etcd(peer, rep)
                if "features" in s.cases and peer.name != "s6":
                    if peer.name == "capstan" and not self.etcd_missing:
                        root = f"{self.base}/features-etcd-r{rep}"
                        os.makedirs(root)
                        with etcd.Etcd(root) as store:
                            self.features(peer, rep, store)
                    else:
                        self.features(peer, rep, None)
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
            flat["pss_mib"], flat["rss_mib"], flat["anon_mib"] = value["Pss"], value["Rss"], value["Pss_Anon"]
        elif key in ("capture", "xmlrpc", "supervisorctl", "etcd"):
            flat.update(value)
        elif key in ("metrics", "page", "page304"):
            flat.update({f"{key}_{k}": v for k, v in value.items()})
        elif key in ("connected", "used"):
            pass
        else:
            flat[key] = value
    return flat
