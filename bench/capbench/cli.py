"""bench/run: Capstan, supervisord and s6 side by side on the same workload."""
import argparse
import dataclasses
import datetime
import json
import os
import shutil
import signal
import sys
import time

from . import children, machine, report
from .peers import S6, Capstan, Supervisord
from .runner import Runner, Settings, log

BENCH = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ROOT = os.path.dirname(BENCH)


def _parse(argv):
    p = argparse.ArgumentParser(prog="bench/run", description=__doc__)
    p.add_argument("--quick", action="store_true",
                   help="1 repetition, 5 s idle window, 10 respawns, 100 MiB capture (about 10 minutes)")
    p.add_argument("--peers", default="capstan,supervisord,s6",
                   help="comma-separated subset of capstan,supervisord,s6")
    p.add_argument("--reps", type=int, help="repetitions (default 3, quick 1)")
    p.add_argument("--only", help="comma-separated subset of the cases " + ",".join(Settings().cases))
    p.add_argument("--idle-seconds", type=float, help="idle CPU window (default 30, quick 5)")
    p.add_argument("--capture-mib", type=int, help="output captured per run (default 500, quick 100)")
    p.add_argument("--capstan-home", default=f"{ROOT}/distribution/target/capstan",
                   help="the built distribution (default: %(default)s)")
    p.add_argument("--capstan-opts", help="CAPSTAN_OPTS for the Capstan runs (extra JVM flags, to try flags)")
    p.add_argument("--capstan-env", action="append", default=[], metavar="NAME=VALUE",
                   help="extra environment for the Capstan runs (e.g. MALLOC_ARENA_MAX=2); repeatable")
    p.add_argument("--workdir", default="/dev/shm" if os.path.isdir("/dev/shm") else None,
                   help="where the temporary workload directories go (default /dev/shm: a tmpfs, so that "
                        "disk writeback does not blur the capture figures)")
    p.add_argument("--keep", action="store_true", help="keep the workload directories (for debugging)")
    p.add_argument("--out", default=f"{BENCH}/results", help="directory for the JSON results")
    p.add_argument("--report", metavar="JSON", help="print the tables of an earlier result and exit")
    return p.parse_args(argv)


def _settings(args):
    s = Settings.quick() if args.quick else Settings()
    if args.reps:
        s.reps = args.reps
    if args.idle_seconds:
        s.idle_seconds = args.idle_seconds
    if args.capture_mib:
        s.capture_mib = args.capture_mib
    if args.only:
        s.cases = tuple(args.only.split(","))
    return s


def _on_signal(signum, frame):
    raise KeyboardInterrupt(f"signal {signum}")


def main(argv=None):
    args = _parse(argv if argv is not None else sys.argv[1:])
    if args.report:
        with open(args.report) as f:
            print(report.render(json.load(f)))
        return 0

    capstan_env = dict(e.split("=", 1) for e in args.capstan_env)
    all_peers = {"supervisord": Supervisord(), "s6": S6(),
                 "capstan": Capstan(args.capstan_home, args.capstan_opts, capstan_env)}
    wanted = args.peers.split(",")
    unknown = set(wanted) - all_peers.keys()
    if unknown:
        sys.exit(f"bench/run: unknown peers {sorted(unknown)}")
    missing = {name: why for name in wanted if (why := all_peers[name].missing())}
    peers = [all_peers[name] for name in wanted if name not in missing]
    for name, why in missing.items():
        log(f"skipping {name}: {why}")
    settings = _settings(args)

    children.become_subreaper()
    signal.signal(signal.SIGTERM, _on_signal)
    signal.signal(signal.SIGINT, _on_signal)
    started = datetime.datetime.now().astimezone()
    runner = Runner(peers, settings, args.workdir, keep=args.keep)
    t0 = time.perf_counter()
    result = {
        "started": started.isoformat(timespec="seconds"),
        "command": " ".join(["bench/run"] + (argv if argv is not None else sys.argv[1:])),
        "machine": machine.describe(args.capstan_home, runner.base),
        "settings": dataclasses.asdict(settings),
        "capstan_opts": args.capstan_opts,
        "capstan_env": args.capstan_env,
        "missing": missing,
        "load_average_before": os.getloadavg(),
        "records": runner.records,
    }
    try:
        runner.run()
    except KeyboardInterrupt:
        log("interrupted: stopping every supervisor and service")
        return 130
    finally:
        runner.close()
    result["detection_floor_ms"] = runner.detection_floor_ms
    result["duration_s"] = time.perf_counter() - t0
    result["load_average_after"] = os.getloadavg()

    os.makedirs(args.out, exist_ok=True)
    path = f"{args.out}/{started.strftime('%Y%m%dT%H%M%S')}.json"
    with open(path, "w") as f:
        json.dump(result, f, indent=1)
    shutil.copyfile(path, f"{args.out}/latest.json")
    print(report.render(result))
    log(f"\n{result['duration_s']:.0f} s; raw results in {path} (and {args.out}/latest.json)")
    return 0
