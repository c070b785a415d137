"""bench/flags: Capstan under several JVM flag sets (or environments), interleaved in one run so
that a busy machine hurts every variant alike. For each: time until N services run, the first
of them, and PSS after a settle.

    bench/flags [--n 10] [--reps 5] 'default=' 'cds=-XX:SharedArchiveFile=/tmp/capstan.jsa' \\
                'arenas=MALLOC_ARENA_MAX=2'

A variant is NAME=WORDS; a word starting with '-' is a JVM option (CAPSTAN_OPTS), a word
NAME=VALUE is an environment variable, but for CAPSTAN_HOME=DIR, which runs that variant from
another Capstan build (to compare two builds: `cp -r` one away and run its `bin/capstan
--build-cds` there, as a CDS archive is valid only where it was built)."""
import argparse
import os
import shutil
import statistics
import sys
import tempfile

from . import children, measure
from .cli import ROOT
from .peers import Capstan
from .runner import log


def _variant(text, default_home):
    """NAME=WORDS -> (name, Capstan home, JVM options, environment)."""
    name, _, words = text.partition("=")
    opts = [w for w in words.split() if w.startswith("-")]
    env = dict(w.split("=", 1) for w in words.split() if not w.startswith("-"))
    return name, env.pop("CAPSTAN_HOME", default_home), " ".join(opts), env


def main(argv=None):
    p = argparse.ArgumentParser(prog="bench/flags", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("variants", nargs="+", help="NAME=WORDS")
    p.add_argument("--n", type=int, default=10, help="services (default 10)")
    p.add_argument("--reps", type=int, default=5)
    p.add_argument("--settle", type=float, default=5, help="seconds before PSS is read (default 5)")
    p.add_argument("--capstan-home", default=f"{ROOT}/distribution/target/capstan")
    p.add_argument("--workdir", default="/dev/shm" if os.path.isdir("/dev/shm") else None)
    args = p.parse_args(argv if argv is not None else sys.argv[1:])

    variants = [_variant(v, args.capstan_home) for v in args.variants]
    results = {name: {"start_s": [], "first_s": [], "cpu_s": [], "pss_mib": [], "rss_mib": [], "anon_mib": []}
               for name, _, _, _ in variants}
    children.become_subreaper()
    base = tempfile.mkdtemp(prefix="capflags-", dir=args.workdir)
    try:
        for rep in range(1, args.reps + 1):
            for name, home, opts, env in variants:
                peer = Capstan(home, opts, env)
                with measure.Session(peer, base, f"{name}-r{rep}") as session:
                    start = measure.start_time(session, args.n, 180)
                    session.ann.idle(args.settle)
                    mem = measure.memory_mib(session)
                r = results[name]
                r["start_s"].append(start["all"])
                r["first_s"].append(start["first"])
                r["cpu_s"].append(start["cpu"])
                r["pss_mib"].append(mem["Pss"])
                r["rss_mib"].append(mem["Rss"])
                r["anon_mib"].append(mem["Pss_Anon"])
                log(f"rep {rep} {name}: start {start['all']:.3f} s, first {start['first']:.3f} s, "
                    f"CPU {start['cpu']:.2f} s, PSS {mem['Pss']:.1f} MiB (RSS {mem['Rss']:.1f}, "
                    f"anon {mem['Pss_Anon']:.1f}), load {os.getloadavg()[0]:.1f}")
    finally:
        children.kill_descendants()
        shutil.rmtree(base, ignore_errors=True)

    # RSS is what the PSS would be with no other JVM on the machine (libjvm.so's pages then
    # count whole); anon is the private part, which other processes do not change.
    print(f"| variant (N={args.n}, {args.reps} reps, medians) | start s | first s | CPU s until started "
          f"| PSS MiB | RSS MiB | anon MiB | flags / environment |")
    print("|---|--:|--:|--:|--:|--:|--:|---|")
    for name, home, opts, env in variants:
        r = results[name]
        words = " ".join([opts] + [f"{k}={v}" for k, v in env.items()]
                         + ([f"CAPSTAN_HOME={home}"] if home != args.capstan_home else [])).strip()
        print(f"| {name} | {statistics.median(r['start_s']):.3f} | {statistics.median(r['first_s']):.3f} "
              f"| {statistics.median(r['cpu_s']):.2f} | {statistics.median(r['pss_mib']):.1f} "
              f"| {statistics.median(r['rss_mib']):.1f} | {statistics.median(r['anon_mib']):.1f} "
              f"| `{words or 'bin/capstan as is'}` |")
    return 0
