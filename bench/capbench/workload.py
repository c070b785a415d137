"""The workload, written once per run as files every peer can use: one shell script per service
(the same bytes run under every supervisor), a supervisord.conf (read by supervisord and by
Capstan), an s6 scan directory, and the same scripts as an s6-overlay tree (read by Capstan)."""
import os
import stat
import zipfile
from dataclasses import dataclass


@dataclass
class Service:
    name: str
    script: str                # absolute path of the service's executable script
    log: str = None            # capture into this file (supervisord/Capstan) or s6-log directory
    log_maxbytes: str = "0"    # stdout_logfile_maxbytes; "0" = no rotation
    autostart: bool = True
    startsecs: int = 1


def _write_executable(path, text):
    with open(path, "w") as f:
        f.write(text)
    os.chmod(path, stat.S_IRWXU | stat.S_IRGRP | stat.S_IXGRP | stat.S_IROTH | stat.S_IXOTH)


def long_running_services(root, count, fifo):
    """count services that announce "NAME PID" on fifo, then exec `sleep infinity` (same pid),
    which dies at once on SIGTERM or SIGKILL."""
    return [long_running_service(root, f"s{i:04d}", fifo) for i in range(count)]


def long_running_service(root, name, fifo, **keys):
    """One such service; keys are Service fields (autostart, startsecs)."""
    os.makedirs(f"{root}/svc", exist_ok=True)
    script = f"{root}/svc/{name}"
    _write_executable(script, f'#!/bin/sh\necho "{name} $$" >{fifo}\nexec sleep infinity\n')
    return Service(name, script, **keys)


def writer_service(root, fifo, go_fifo, data, block_size, log, log_maxbytes):
    """A service that announces itself, waits for a line on go_fifo, copies data to its stdout
    with dd in block_size writes, records its own CPU time (`times`), announces "done", and
    then sleeps so that no supervisor restarts it during the measurement."""
    os.makedirs(f"{root}/svc", exist_ok=True)
    script = f"{root}/svc/writer"
    _write_executable(script, (
        "#!/bin/sh\n"
        f'echo "writer $$" >{fifo}\n'
        f"read go <{go_fifo}\n"
        f"dd if={data} bs={block_size} status=none\n"
        f"times >{root}/writer.times\n"
        f'echo "done $$" >{fifo}\n'
        "exec sleep infinity\n"))
    return Service("writer", script, log=log, log_maxbytes=log_maxbytes)


def exited_listener(root, fifo):
    """An event listener for PROCESS_STATE_EXITED that reads the protocol in binary and, the
    moment it has read an EXITED header, announces "exited:NAME PID" on fifo (its payload follows
    the header; the announcement waits for it only to name the process). The harness stamps the
    line as it stamps a service's start."""
    os.makedirs(f"{root}/svc", exist_ok=True)
    script = f"{root}/svc/exited-listener"
    _write_executable(script, (
        "#!/usr/bin/python3\n"
        "import os, sys\n"
        "stdin, stdout = sys.stdin.buffer, sys.stdout.buffer\n"
        f"fifo = os.open({fifo!r}, os.O_WRONLY)\n"
        "while True:\n"
        "    stdout.write(b'READY\\n'); stdout.flush()\n"
        "    line = stdin.readline()\n"
        "    if not line: break\n"
        "    headers = dict(t.split(b':', 1) for t in line.split())\n"
        "    payload = dict(t.split(b':', 1) for t in stdin.read(int(headers[b'len'])).split())\n"
        "    if headers[b'eventname'] == b'PROCESS_STATE_EXITED':\n"
        "        os.write(fifo, b'exited:%s %s\\n' % (payload[b'processname'], payload[b'pid']))\n"
        "    stdout.write(b'RESULT 2\\nOK'); stdout.flush()\n"))
    return script


def supervisord_conf(root, services, listener=None, inet_port=None, include=None, settings=(), extra=()):
    """The configuration both supervisord and Capstan run, unchanged. Only keys supervisord
    knows: every service autostarts and autorestarts, startsecs=1 (the default), output of
    the long-running services is discarded (NONE), a writer's stdout goes to its log file.
    Optional: the event listener script, subscribed to PROCESS_STATE_EXITED; an
    [inet_http_server] on 127.0.0.1:inet_port; an [include] of the glob include; settings: more
    lines of [supervisord] (Capstan's own keys, e.g. deploy); extra: lines of sections only
    Capstan reads ([etcd]), appended."""
    lines = [
        "[unix_http_server]", f"file={root}/supervisor.sock", "",
        "[supervisord]", "nodaemon=true", f"logfile={root}/supervisord.log",
        f"pidfile={root}/supervisord.pid", f"childlogdir={root}", "minfds=8192", *settings, "",
        "[rpcinterface:supervisor]",
        "supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface", "",
        "[supervisorctl]", f"serverurl=unix://{root}/supervisor.sock", "",
    ]
    for s in services:
        lines += [f"[program:{s.name}]", f"command={s.script}", f"autostart={str(s.autostart).lower()}",
                  "autorestart=true", f"startsecs={s.startsecs}", "stopwaitsecs=10"]
        if s.log:
            lines += ["redirect_stderr=true", f"stdout_logfile={s.log}",
                      f"stdout_logfile_maxbytes={s.log_maxbytes}", "stdout_logfile_backups=10"]
        else:
            lines += ["stdout_logfile=NONE", "stderr_logfile=NONE"]
        lines.append("")
    if listener:
        lines += ["[eventlistener:exited]", f"command={listener}", "events=PROCESS_STATE_EXITED",
                  "stderr_logfile=NONE", ""]
    if inet_port:
        lines += ["[inet_http_server]", f"port=127.0.0.1:{inet_port}", ""]
    if include:
        lines += ["[include]", f"files={include}", ""]
    lines += list(extra)
    path = f"{root}/supervisord.conf"
    with open(path, "w") as f:
        f.write("\n".join(lines))
    return path


def s6_scandir(root, services):
    """An s6 scan directory: scan/NAME/run is the service's own script with one line added
    first, `echo >&3`, and notification-fd = 3: the service reports itself ready at once.
    Without readiness s6-supervise waits 1 s before every respawn (it skips the wait only for
    a service that has been ready for more than 1 s), which would measure that rule rather
    than s6's reaction. A writer gets scan/NAME/log/run = s6-log into its log directory, with
    the largest rotation size s6-log accepts."""
    scan = f"{root}/scan"
    for s in services:
        s6_service_dir(f"{scan}/{s.name}", s)
        if s.log:
            os.makedirs(s.log, exist_ok=True)
            os.makedirs(f"{scan}/{s.name}/log", exist_ok=True)
            _write_executable(f"{scan}/{s.name}/log/run",
                              f"#!/bin/sh\nexec s6-log -b -- n10 s268435455 {s.log}\n")
    return scan


def _s6_run(script):
    """A service's script for s6: `echo >&3` (readiness on notification-fd 3) put first."""
    with open(script) as f:
        shebang, body = f.read().split("\n", 1)
    return f"{shebang}\necho >&3\n{body}"


def s6_service_dir(path, service):
    """One s6 service directory: run (the service's script, ready at once) and notification-fd."""
    os.makedirs(path, exist_ok=True)
    _write_executable(f"{path}/run", _s6_run(service.script))
    with open(f"{path}/notification-fd", "w") as f:
        f.write("3\n")


def s6overlay_tree(root, services):
    """The same services as an s6-overlay v3 tree, ROOT/etc/s6-overlay: each an s6-rc longrun
    with the very run script and notification-fd of the s6 scan directory, all in the user
    bundle. Returns the tree's directory, what `capstan -c` reads."""
    overlay = f"{root}/etc/s6-overlay"
    rc = f"{overlay}/s6-rc.d"
    os.makedirs(f"{rc}/user/contents.d")
    with open(f"{rc}/user/type", "w") as f:
        f.write("bundle\n")
    for s in services:
        s6_service_dir(f"{rc}/{s.name}", s)
        with open(f"{rc}/{s.name}/type", "w") as f:
            f.write("longrun\n")
        open(f"{rc}/user/contents.d/{s.name}", "w").close()
    return overlay


def service_bundle(path, name, script):
    """A service bundle without Java, as docs/service-bundles.md describes one: a manifest and
    OSGI-INF/capstan/NAME.conf defining the program NAME (startsecs=0: RUNNING at its spawn)."""
    manifest = ("Manifest-Version: 1.0\r\nBundle-ManifestVersion: 2\r\n"
                f"Bundle-SymbolicName: bench.{name}\r\nBundle-Version: 1.0.0\r\n\r\n")
    conf = f"[program:{name}]\ncommand={script}\nstartsecs=0\nstdout_logfile=NONE\nstderr_logfile=NONE\n"
    with zipfile.ZipFile(path, "w") as jar:
        jar.writestr("META-INF/MANIFEST.MF", manifest)
        jar.writestr(f"OSGI-INF/capstan/{name}.conf", conf)
    return path


def supervisord_program(path, name, script):
    """The same service as a supervisord include file."""
    with open(path, "w") as f:
        f.write(f"[program:{name}]\ncommand={script}\nstartsecs=0\nstdout_logfile=NONE\nstderr_logfile=NONE\n")
    return path


def log_bytes(path):
    """Bytes captured so far: a file's size, or the sum over an s6-log directory's files."""
    try:
        if os.path.isdir(path):
            return sum(os.path.getsize(f"{path}/{n}") for n in os.listdir(path)
                       if n not in ("lock", "state"))
        return os.path.getsize(path)
    except OSError:
        return 0


def text_data(path, size):
    """size bytes of 100-byte log lines (99 characters and a newline), written once."""
    if os.path.exists(path) and os.path.getsize(path) == size:
        return path
    block = b"".join(
        (f"2024-05-01T12:{i // 60 % 60:02d}:{i % 60:02d}.{i % 1000:03d}Z INFO  worker-{i % 8} "
         f"GET /api/v1/items/{i:06d} status=200 bytes={i * 37 % 100000:05d} ms={i % 97:02d}"
         ).ljust(99).encode() + b"\n"
        for i in range(1024))
    with open(path, "wb") as f:
        written = 0
        while written < size:
            chunk = block[:size - written]
            f.write(chunk)
            written += len(chunk)
    return path
