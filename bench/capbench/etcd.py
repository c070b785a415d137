"""A real etcd for the etcd source's measurements: one member on free loopback ports, its data in
the run's directory, started as a child of the harness (so it is killed with everything else)
and written to through its v3 JSON gateway, as Capstan's source reads it."""
import base64
import json
import os
import shutil
import socket
import time
import urllib.request

from . import children, procfs


def missing():
    return None if shutil.which("etcd") else "etcd not on PATH (apt-get install etcd-server)"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Etcd:
    def __init__(self, root):
        self.port, peer = free_port(), free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        data = f"{root}/etcd"
        os.makedirs(data)
        self.pid = children.spawn(
            ["etcd", "--name", "bench", "--data-dir", data, "--listen-client-urls", self.url,
             "--advertise-client-urls", self.url, "--listen-peer-urls", f"http://127.0.0.1:{peer}",
             "--initial-advertise-peer-urls", f"http://127.0.0.1:{peer}",
             "--initial-cluster", f"bench=http://127.0.0.1:{peer}"], f"{root}/etcd.log")
        children.spared.add(self.pid)  # it serves every run of the features case
        deadline = time.perf_counter() + 30
        while True:
            try:
                with urllib.request.urlopen(self.url + "/health", timeout=2) as r:
                    if b'"true"' in r.read():
                        return
            except OSError:
                pass
            if time.perf_counter() > deadline or not procfs.alive(self.pid):
                self.close()
                raise RuntimeError(f"etcd did not come up; see {root}/etcd.log")
            time.sleep(0.1)

    def put(self, key, value):
        """Writes key through the gateway; returns when etcd has answered."""
        body = json.dumps({"key": base64.b64encode(key.encode()).decode(),
                           "value": base64.b64encode(value.encode()).decode()}).encode()
        request = urllib.request.Request(self.url + "/v3/kv/put", data=body)
        with urllib.request.urlopen(request, timeout=10) as r:
            r.read()

    def close(self):
        children.spared.discard(self.pid)
        children.stop_one(self.pid, timeout=20)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
