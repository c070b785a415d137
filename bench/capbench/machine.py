"""What the numbers were measured on."""
import os
import platform
import subprocess


def _run(argv):
    try:
        r = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=30)
        return r.stdout.decode(errors="replace").strip()
    except (OSError, subprocess.SubprocessError) as e:
        return f"unavailable: {e}"


def _cpu_model():
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    return platform.processor()


def _mem_total_mib():
    with open("/proc/meminfo") as f:
        for line in f:
            if line.startswith("MemTotal:"):
                return int(line.split()[1]) // 1024
    return None


def _package_version(name):
    return _run(["dpkg-query", "-W", "-f", "${Version}", name])


def describe(capstan_home, workdir):
    repo = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    return {
        "cpu": _cpu_model(),
        "nproc": os.cpu_count(),
        "mem_total_mib": _mem_total_mib(),
        "kernel": platform.release(),
        "os": _run(["sh", "-c", ". /etc/os-release && echo $PRETTY_NAME"]),
        "jdk": _run(["java", "-version"]).splitlines(),
        "python": platform.python_version(),
        "supervisor": _package_version("supervisor"),
        "s6": _package_version("s6"),
        "capstan_home": capstan_home,
        "capstan_commit": _run(["git", "-C", repo, "rev-parse", "--short", "HEAD"]),
        "workdir": workdir,
        "workdir_fs": _run(["stat", "-f", "-c", "%T", workdir]),
    }
