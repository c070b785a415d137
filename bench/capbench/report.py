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


# (key, label, case, field, aggregate, labels per peer or None)
def _rows(records):
    def metric(case, field, agg=_median, per_peer=None):
        return {p: agg(_values(records, p, case, field, **((per_peer or {}).get(p, {})))) for p in PEERS}

    def capture(writes, maxbytes, field):
        labels = {"supervisord": {"writes": writes, "variant": f"maxbytes={maxbytes}"},
                  "capstan": {"writes": writes, "variant": f"maxbytes={maxbytes}"},
                  "s6": {"writes": writes, "variant": "s6-log"}}
        return metric("capture", field, per_peer=labels)

    rows = [
        ("start_10", "start 10 services (s)", metric("n10", "start_s")),
        ("start_200", "start 200 services (s)", metric("n200", "start_s")),
        ("start_1000", "start 1000 services (s)", metric("n1000", "start_s")),
        ("first_10", "first of 10 services running (s)", metric("n10", "first_s")),
        ("start_cpu_10", "supervisor CPU until 10 services run (s)", metric("n10", "start_cpu_s")),
        ("start_cpu_1000", "supervisor CPU until 1000 services run (s)", metric("n1000", "start_cpu_s")),
        ("respawn_p50", "respawn after SIGKILL, median (ms)", metric("n10", "respawn_ms")),
        ("respawn_p95", "respawn after SIGKILL, p95 (ms)", metric("n10", "respawn_ms", _p95)),
        ("stop_10", "stop 10 services after SIGTERM (s)", metric("n10", "stop_s")),
        ("pss_10", "PSS with 10 services (MiB)", metric("n10", "pss_mib")),
        ("pss_1000", "PSS with 1000 services (MiB)", metric("n1000", "pss_mib")),
        # PSS shares file pages (libjvm.so, libpython) with any other process mapping them, so it
        # drops while other JVMs run; RSS counts them whole: it is the PSS of a supervisor alone.
        ("rss_10", "RSS with 10 services (MiB): one process's PSS alone; s6's summed", metric("n10", "rss_mib")),
        ("rss_1000", "RSS with 1000 services (MiB): one process's PSS alone; s6's summed", metric("n1000", "rss_mib")),
        ("idle_cpu", "idle CPU, 10 services (ms per 30 s)", metric("n10", "idle_cpu_ms_per_30s")),
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
    rows.append(("control", "status round trip (ms)", metric("n10", "control_ms")))
    rows += [
        ("xmlrpc_1000", "1,000 getAllProcessInfo calls on one connection, 100 services (s)",
         metric("xmlrpc", "xmlrpc_s")),
        ("xmlrpc_cpu", "supervisor CPU for those 1,000 calls (s)", metric("xmlrpc", "xmlrpc_cpu_s")),
        ("supervisorctl_status", "real supervisorctl status, 100 services (ms)", metric("xmlrpc", "supervisorctl_ms")),
    ]
    return rows


def _ratio(a, b):
    return a / b if a is not None and b else None


TARGETS = {
    "start_10": ("≤ 0.5× supervisord", lambda v: _ratio(v["capstan"], v["supervisord"]), 0.5),
    "start_1000": ("≤ s6", lambda v: _ratio(v["capstan"], v["s6"]), 1.0),
    "respawn_p50": ("≤ 20 ms", lambda v: v["capstan"], 20),
    "stop_10": ("≤ 0.1× supervisord", lambda v: _ratio(v["capstan"], v["supervisord"]), 0.1),
    "pss_10": ("≤ 2× supervisord", lambda v: _ratio(v["capstan"], v["supervisord"]), 2.0),
    "pss_1000": ("≤ s6", lambda v: _ratio(v["capstan"], v["s6"]), 1.0),
    "control": ("≤ 0.5× supervisorctl", lambda v: _ratio(v["capstan"], v["supervisord"]), 0.5),
    "xmlrpc_1000": ("≤ 0.2× supervisord (5× its throughput)", lambda v: _ratio(v["capstan"], v["supervisord"]), 0.2),
}
for _w in ("64k", "100"):
    for _m in ("0", "1GB"):
        TARGETS[f"capture_cpu_{_w}_{_m}"] = ("≤ 1/3 supervisord",
                                            lambda v: _ratio(v["capstan"], v["supervisord"]), 1 / 3)


def summarize(records):
    """{key: {"label", "values": {peer: x}, "vs_supervisord", "vs_s6", "target", "met"}}"""
    summary = {}
    for key, label, values in _rows(records):
        entry = {"label": label, "values": values,
                 "vs_supervisord": _ratio(values["capstan"], values["supervisord"]),
                 "vs_s6": _ratio(values["capstan"], values["s6"]), "target": None, "met": None}
        if key in TARGETS:
            text, measure_of, limit = TARGETS[key]
            entry["target"] = text
            got = measure_of(values)
            entry["met"] = None if got is None else got <= limit
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


def errors(records):
    return [f"{r['peer']} {r['case']} rep {r['rep']}"
            + (f" ({r['writes']}, {r['variant']})" if r["case"] == "capture" else "")
            + f": {r['error']}" for r in records if r["error"]]


def render(result):
    summary = summarize(result["records"])
    parts = [main_table(summary)]
    if any(r["case"] == "capture" for r in result["records"]):
        parts += ["", capture_table(result["records"], result["settings"]["capture_mib"])]
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
