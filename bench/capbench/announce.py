"""Services announce themselves: each one, as its first action, writes "NAME PID" to a fifo
(one write of a few bytes: atomic). The harness keeps the fifo open read-write, so writers
never block and it never sees EOF, and stamps each line with time.perf_counter() when poll(2)
wakes it. That stamp is the moment the service's process is running its own code."""
import os
import select
import time
from dataclasses import dataclass


@dataclass
class Instance:
    pid: int
    started: float  # perf_counter() when its announcement was read


class Announcements:
    def __init__(self, path):
        os.mkfifo(path, 0o600)
        self.path = path
        self._fd = os.open(path, os.O_RDWR | os.O_NONBLOCK)
        self._poller = select.poll()
        self._poller.register(self._fd, select.POLLIN)
        self._partial = b""
        self.latest = {}   # name -> Instance, the newest announcement per name
        self.count = 0     # lines read

    def close(self):
        os.close(self._fd)

    def pump(self, timeout):
        """Wait up to timeout seconds for lines and record all that are there."""
        if not self._poller.poll(max(0.0, timeout) * 1000):
            return
        now = time.perf_counter()
        while True:
            try:
                chunk = os.read(self._fd, 65536)
            except BlockingIOError:
                break
            lines = (self._partial + chunk).split(b"\n")
            self._partial = lines.pop()
            for line in lines:
                name, pid = line.decode().split()
                self.latest[name] = Instance(int(pid), now)
                self.count += 1

    def wait(self, done, timeout):
        """Pump until done() is true; False if timeout seconds pass first."""
        deadline = time.perf_counter() + timeout
        while not done():
            left = deadline - time.perf_counter()
            if left <= 0:
                return False
            self.pump(left)
        return True

    def idle(self, seconds):
        """Sleep, but keep reading so that no line waits in the fifo."""
        self.wait(lambda: False, seconds)
