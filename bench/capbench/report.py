"""From raw records to the summary table: medians over repetitions, Capstan's ratios, targets."""
import statistics

PEERS = ("supervisord", "s6", "capstan")


def _values(records, peer, case, field, **labels):
    out = []
    for r in records:
        if (r["peer"] == peer and r["case"] == case and field in r["values"]
                and all(r.get(k) == v for k, v in labels.items())):
            v = r["values"][field]
            out.extend(v if isinstance(v, list) else [v])
    return out


def _median(xs):
    return statistics.median(xs) if xs else None


def _p95(xs):
    if len(xs) < 2:
        return xs[0] if xs else None
    return statistics.quantiles(xs, n=20, method="inclusive")[-1]


# (key, label, {peer: value}); a capture CPU row also carries "baseline": the CPU dd pays to
# write the same bytes to the file itself.
def _rows(records):
    def metric(case, field, agg=_median, per_peer=None, **labels):
        return {p: agg(_values(records, p, case, field, **((per_peer or {}).get(p, labels)))) for p in PEERS}

    def capture(writes, maxbytes, field):
        labels = {"supervisord": {"writes": writes, "variant": f"maxbytes={maxbytes}"},
                  "capstan": {"writes": writes, "variant": f"maxbytes={maxbytes}"},
                  "s6": {"writes": writes, "variant": "s6-log"}}
        values = metric("capture", field, per_peer=labels)
        values["baseline"] = _median(_values(records, "baseline", "capture", "writer_cpu_s", writes=writes))
        return values

    rows = [
        ("start_10", "start 10 services (s)", metric("n10", "start_s")),
        ("start_200", "start 200 services (s)", metric("n200", "start_s")),
        ("start_1000", "start 1000 services (s)", metric("n1000", "start_s")),
        ("first_10", "first of 10 services running (s)", metric("n10", "first_s")),
        ("start_cpu_10", "supervisor CPU until 10 services run (s)", metric("n10", "start_cpu_s")),
        ("start_cpu_1000", "supervisor CPU until 1000 services run (s)", metric("n1000", "start_cpu_s")),
        ("respawn_p50", "respawn after SIGKILL, median (ms)", metric("n10", "respawn_ms")),
        ("respawn_p95", "respawn after SIGKILL, p95 (ms)", metric("n10", "respawn_ms", _p95)),
        ("event_exited_p50", "death to PROCESS_STATE_EXITED on a listener, median (ms)",
         metric("events", "event_exited_ms")),
        ("event_exited_p95", "death to PROCESS_STATE_EXITED on a listener, p95 (ms)",
         metric("events", "event_exited_ms", _p95)),
        ("stop_10", "stop 10 services after SIGTERM (s)", metric("n10", "stop_s")),
        ("pss_10", "PSS with 10 services (MiB)", metric("n10", "pss_mib")),
        ("pss_1000", "PSS with 1000 services (MiB)", metric("n1000", "pss_mib")),
        # PSS shares file pages (libjvm.so, libpython) with any other process mapping them, so it
        # drops while other JVMs run; RSS counts them whole: it is the PSS of a supervisor alone.
        ("rss_10", "RSS with 10 services (MiB): one process's PSS alone; s6's summed", metric("n10", "rss_mib")),
        ("rss_1000", "RSS with 1000 services (MiB): one process's PSS alone; s6's summed", metric("n1000", "rss_mib")),
        ("pss_wave", "PSS with 10 services, HTTP on both transports, an event listener, etcd (MiB)",
         metric("features", "pss_mib", variant="all")),
        ("rss_wave", "RSS of the same (MiB)", metric("features", "rss_mib", variant="all")),
        ("idle_cpu", "idle CPU, 10 services (ms per 30 s)", metric("n10", "idle_cpu_ms_per_30s")),
        ("idle_cpu_ticks", "the same in /proc/PID/stat's 10 ms ticks (ms per 30 s)", metric("n10", "idle_cpu_ticks_ms_per_30s")),
        ("idle_wakeups", "idle context switches, 10 services (per s)", metric("n10", "idle_switches_per_s")),
    ]
    for writes, label in (("64k", "64 KiB"), ("100", "100 B")):
        for maxbytes, how in (("0", "maxbytes=0"), ("1GB", "maxbytes=1GB, capture forced")):
            rows.append((f"capture_cpu_{writes}_{maxbytes}",
                         f"capture, {label} writes, {how}: supervisor CPU (s)",
                         capture(writes, maxbytes, "supervisor_cpu_s")))
            rows.append((f"capture_wall_{writes}_{maxbytes}",
                         f"capture, {label} writes, {how}: wall (s)",
                         capture(writes, maxbytes, "wall_s")))
    rows += [
        ("control", "`capstanctl status` / `supervisorctl status` / `s6-svstat`, 10 services (ms)",
         metric("n10", "control_ms")),
        ("xmlrpc_1000", "1,000 getAllProcessInfo calls on one connection, 100 services (s)",
         metric("xmlrpc", "xmlrpc_s")),
        ("xmlrpc_cpu", "supervisor CPU for those 1,000 calls (s)", metric("xmlrpc", "xmlrpc_cpu_s")),
        ("supervisorctl_status", "Debian's `supervisorctl status` against it, 100 services (ms)",
         metric("xmlrpc", "supervisorctl_ms")),
        ("event_exited_p50", "death to PROCESS_STATE_EXITED on a listener, median (ms)",
         metric("events", "event_exited_ms")),
        ("event_exited_p95", "death to PROCESS_STATE_EXITED on a listener, p95 (ms)",
         metric("events", "event_exited_ms", _p95)),
        ("page", "web page refresh, 1000 services, median (ms): Capstan's rows, supervisord's page",
         metric("http", "page_ms")),
        ("page_cpu", "supervisor CPU per refresh (ms)", metric("http", "page_cpu_ms")),
        ("page304", "web page refresh, nothing changed (304), median (ms)", metric("http", "page304_ms")),
        ("page304_cpu", "supervisor CPU per unchanged refresh (ms)", metric("http", "page304_cpu_ms")),
        ("metrics", "`/metrics` scrape, 1000 services, median (ms)", metric("http", "metrics_ms")),
        ("metrics_cpu", "supervisor CPU per scrape (ms)", metric("http", "metrics_cpu_ms")),
        ("tree_start_10", "start 10 services of an s6-overlay tree (s): Capstan reads the tree, s6-svscan the same run scripts",
         metric("s6tree10", "start_s")),
        ("tree_respawn_p50", "respawn of an s6-overlay longrun after SIGKILL, median (ms)", metric("s6tree10", "respawn_ms")),
        ("tree_start_1000", "start 1000 services of an s6-overlay tree (s)", metric("s6tree1000", "start_s")),
        ("deploy", "a service added while 10 run, to its start, median (ms): a bundle into deploy/, "
                   "a file and `supervisorctl update`, a directory and `s6-svscanctl -a`", metric("deploy", "deploy_ms")),
        ("etcd_commit", "etcd: a `/commit` write to the service it switches on running, median (ms)",
         metric("etcd", "etcd_commit_ms")),
        ("etcd_answer", "of it, etcd's own answer to the write, median (ms)", metric("etcd", "etcd_answer_ms")),
    ]
    return rows


def _ratio(a, b):
    return a / b if a is not None and b else None


def _vs_supervisord(limit):
    return lambda v: _ratio(v["capstan"], v["supervisord"]), limit


def _vs_s6(limit):
    return lambda v: _ratio(v["capstan"], v["s6"]), limit


def _absolute(limit):
    return lambda v: v["capstan"], limit


# key: (target, what is compared with the limit, the limit)
TARGETS = {
    "start_10": ("≤ 0.5× supervisord", *_vs_supervisord(0.5)),
    "start_1000": ("≤ s6", *_vs_s6(1.0)),
    "respawn_p50": ("≤ 20 ms", *_absolute(20)),
    "stop_10": ("≤ 0.1× supervisord", *_vs_supervisord(0.1)),
    "pss_10": ("≤ 2× supervisord", *_vs_supervisord(2.0)),
    "pss_1000": ("≤ s6", *_vs_s6(1.0)),
    "pss_wave": ("≤ 2× supervisord", *_vs_supervisord(2.0)),
    "idle_cpu": ("≤ 5 ms", *_absolute(5)),
    "idle_wakeups": ("< 1 per s", lambda v: v["capstan"], 0.999),
    "control": ("≤ 0.5× supervisorctl", *_vs_supervisord(0.5)),
    "xmlrpc_1000": ("≤ 0.2× supervisord (5× its throughput)", *_vs_supervisord(0.2)),
}
for _w in ("64k", "100"):
    TARGETS[f"capture_cpu_{_w}_1GB"] = ("≤ 1.25× the service writing the file itself",
                                       lambda v: _ratio(v["capstan"], v["baseline"]), 1.25)


def summarize(records):
    """{key: {"label", "values": {peer: x}, "vs_supervisord", "vs_s6", "target", "met", "measured"}}"""
    summary = {}
    for key, label, values in _rows(records):
        entry = {"label": label, "values": values,
                 "vs_supervisord": _ratio(values["capstan"], values["supervisord"]),
                 "vs_s6": _ratio(values["capstan"], values["s6"]), "target": None, "met": None, "measured": None}
        if key in TARGETS:
            text, measure_of, limit = TARGETS[key]
            entry["target"] = text
            got = measure_of(values)
            entry["measured"] = got
            entry["met"] = None if got is None else got <= limit
            if key.startswith("capture_cpu") and got is not None:
                entry["target"] += f" ({_fmt(values['baseline'])} s): {got:.2f}×"
        summary[key] = entry
    return summary


def _fmt(x):
    if x is None:
        return "–"
    if x == 0:
        return "0"
    if abs(x) >= 100:
        return f"{x:.0f}"
    if abs(x) >= 10:
        return f"{x:.1f}"
    if abs(x) >= 1:
        return f"{x:.2f}"
    return f"{x:.3g}"


def _ratio_fmt(x):
    return "–" if x is None else f"{x:.2f}×"


def main_table(summary):
    lines = ["| measurement | supervisord | s6 | capstan | capstan / supervisord | capstan / s6 | target | met |",
             "|---|--:|--:|--:|--:|--:|---|---|"]
    for entry in summary.values():
        v = entry["values"]
        if all(x is None for x in v.values()):
            continue  # a case that was not run
        met = {True: "yes", False: "**no**", None: "–" if entry["target"] else ""}[entry["met"]]
        lines.append(f"| {entry['label']} | {_fmt(v['supervisord'])} | {_fmt(v['s6'])} | {_fmt(v['capstan'])} "
                     f"| {_ratio_fmt(entry['vs_supervisord'])} | {_ratio_fmt(entry['vs_s6'])} "
                     f"| {entry['target'] or ''} | {met} |")
    return "\n".join(lines)


def capture_table(records, capture_mib):
    variants = [("baseline", "direct", "service writes the file itself (dd > file)"),
                ("supervisord", "maxbytes=0", "supervisord, stdout_logfile, maxbytes=0"),
                ("supervisord", "maxbytes=1GB", "supervisord, stdout_logfile, maxbytes=1GB"),
                ("s6", "s6-log", "s6, s6-log (s268435455)"),
                ("capstan", "maxbytes=0", "capstan, stdout_logfile, maxbytes=0"),
                ("capstan", "maxbytes=1GB", "capstan, stdout_logfile, maxbytes=1GB")]
    lines = [f"| {capture_mib} MiB of output | 64 KiB writes: wall s | supervisor CPU s | writer CPU s "
             "| 100 B writes: wall s | supervisor CPU s | writer CPU s |",
             "|---|--:|--:|--:|--:|--:|--:|"]
    for peer, variant, label in variants:
        cells = []
        for writes in ("64k", "100"):
            for field in ("wall_s", "supervisor_cpu_s", "writer_cpu_s"):
                cells.append(_fmt(_median(_values(records, peer, "capture", field, writes=writes, variant=variant))))
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


FEATURE_FIELDS = (("pss_mib", "PSS MiB"), ("rss_mib", "RSS MiB"), ("anon_mib", "private MiB"),
                  ("classes", "classes"), ("idle_threads", "threads"), ("idle_cpu_ms_per_30s", "idle CPU ms/30 s"),
                  ("idle_switches_per_s", "idle switches/s"))


def features_table(records):
    """Each feature on and off, 10 services: Capstan's and supervisord's memory, classes, threads
    and idle wakeups, and Capstan's difference from its base (the steady case's configuration)."""
    def value(peer, variant, field):
        return _median(_values(records, peer, "features", field, variant=variant))

    variants = [v for v in ("base", "inet", "listener", "etcd", "all", "all, used")
                if any(r["case"] == "features" and r.get("variant") == v for r in records)]
    head = " | ".join(f"capstan {label}" for _, label in FEATURE_FIELDS)
    lines = [f"| 10 services and | {head} | capstan PSS − base | capstan classes − base | supervisord PSS MiB "
             f"| supervisord idle CPU ms/30 s |", "|---|" + "--:|" * (len(FEATURE_FIELDS) + 4)]
    base_pss, base_classes = value("capstan", "base", "pss_mib"), value("capstan", "base", "classes")
    names = {"base": "the Unix socket only", "inet": "+ `[inet_http_server]`", "listener": "+ one event listener",
             "etcd": "+ `[etcd]`, connected", "all": "all three", "all, used": "all three, each served once"}
    for v in variants:
        cells = [_fmt(value("capstan", v, f)) for f, _ in FEATURE_FIELDS]
        pss, classes = value("capstan", v, "pss_mib"), value("capstan", v, "classes")
        cells.append(_fmt(pss - base_pss) if pss is not None and base_pss is not None and v != "base" else "")
        cells.append(_fmt(classes - base_classes) if classes is not None and base_classes is not None and v != "base" else "")
        cells.append(_fmt(value("supervisord", v, "pss_mib")))
        cells.append(_fmt(value("supervisord", v, "idle_cpu_ms_per_30s")))
        lines.append(f"| {names[v]} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def wakeups(records, peer="capstan", case="n10"):
    """The threads that woke during the idle windows of a case, with their context switches and
    CPU, summed over the repetitions."""
    total = {}
    for r in records:
        if r["peer"] == peer and r["case"] == case and r["values"].get("idle_awake_threads"):
            for name, (switches, cpu) in r["values"]["idle_awake_threads"].items():
                t = total.setdefault(name, [0, 0.0])
                t[0] += switches
                t[1] += cpu
    return ", ".join(f"{name} {s} ({c * 1000:.2f} ms)" for name, (s, c) in sorted(total.items(), key=lambda x: -x[1][0]))


def errors(records):
    return [f"{r['peer']} {r['case']} rep {r['rep']}"
            + (f" ({r['writes']}, {r['variant']})" if r["case"] == "capture" else "")
            + f": {r['error']}" for r in records if r["error"]]


def render(result):
    summary = summarize(result["records"])
    parts = [main_table(summary)]
    if any(r["case"] == "capture" for r in result["records"]):
        parts += ["", capture_table(result["records"], result["settings"]["capture_mib"])]
    if any(r["case"] == "features" for r in result["records"]):
        parts += ["", features_table(result["records"])]
    awake = wakeups(result["records"])
    if awake:
        parts += ["", f"Capstan's threads awake in the idle windows (context switches, CPU): {awake}."]
    loads = [r["load1"] for r in result["records"] if "load1" in r]
    if loads:
        parts += ["", f"1-minute load average at the end of each case: min {min(loads):.1f}, "
                      f"median {statistics.median(loads):.1f}, max {max(loads):.1f} "
                      f"({result['machine']['nproc']} CPUs)."]
    missing = result.get("missing", {})
    if missing:
        parts += ["", "Not measured: " + "; ".join(f"{p}: {why}" for p, why in missing.items())]
    errs = errors(result["records"])
    if errs:
        parts += ["", "Errors:"] + [f"- {e}" for e in errs]
    return "\n".join(parts)
