"""The three supervisors: how to configure, launch and query each, and which processes are
"the supervisor" when we measure memory and CPU."""
import os
import shutil

from . import procfs, workload


class Peer:
    name = None

    def missing(self):
        """None if the peer can run here, else why not."""
        raise NotImplementedError

    def configure(self, root, services, **options):
        """Write the peer's configuration for these services under root. options are those of
        workload.supervisord_conf (listener, inet_port, include, extra), which only the peers
        that read that file take."""
        raise NotImplementedError

    def command(self, root, services):
        raise NotImplementedError

    def supervisor_pids(self, main_pid):
        """The processes whose memory and CPU count as the supervisor's."""
        return [main_pid]

    def control_command(self, root, services):
        raise NotImplementedError

    def env(self):
        return os.environ


class Supervisord(Peer):
    name = "supervisord"

    def missing(self):
        return None if shutil.which("supervisord") else "supervisord not on PATH (apt-get install supervisor)"

    def configure(self, root, services, **options):
        workload.supervisord_conf(root, services, **options)

    def command(self, root, services):
        return ["supervisord", "-n", "-c", f"{root}/supervisord.conf"]

    def control_command(self, root, services):
        return ["supervisorctl", "-c", f"{root}/supervisord.conf", "status"]


class Capstan(Supervisord):
    """Runs the very same supervisord.conf. bin/capstan execs java, so the launched pid is the JVM.
    With tree=True it reads the services as an s6-overlay tree instead (workload.s6overlay_tree),
    in a mount namespace with a /run of its own, where it keeps s6-overlay's files as s6-overlay
    does: unshare and sh exec, so the pid is still the JVM's."""
    name = "capstan"

    def __init__(self, home, opts=None, extra_env=None, tree=False):
        self.home = home
        self.opts = opts
        self.extra_env = extra_env or {}
        self.tree = tree

    def missing(self):
        if not os.access(f"{self.home}/bin/capstan", os.X_OK):
            return f"{self.home}/bin/capstan not built (mvn -B -q package -DskipTests)"
        if self.tree and not shutil.which("unshare"):
            return "unshare not on PATH (util-linux)"
        return None

    def configure(self, root, services, **options):
        if self.tree:
            workload.s6overlay_tree(root, services)
        else:
            workload.supervisord_conf(root, services, **options)

    def command(self, root, services):
        if self.tree:
            return ["unshare", "--mount", "--propagation", "private", "sh", "-c",
                    'mount -t tmpfs -o mode=0755 bench-run /run && exec "$0" "$@"',
                    f"{self.home}/bin/capstan", "-c", f"{root}/etc/s6-overlay", "--socket", f"{root}/supervisor.sock"]
        return [f"{self.home}/bin/capstan", "-c", f"{root}/supervisord.conf"]

    def control_command(self, root, services):
        return [f"{self.home}/bin/capstanctl", "-s", f"{root}/supervisor.sock", "status"]

    def env(self):
        env = dict(os.environ, **self.extra_env)
        if self.opts is not None:
            env["CAPSTAN_OPTS"] = self.opts
        return env


class S6(Peer):
    """s6-svscan on a scan directory; its s6-supervise children (and s6-log, when a service has
    a logger) are part of the supervisor."""
    name = "s6"
    PARTS = ("s6-svscan", "s6-supervise", "s6-log")

    def missing(self):
        return None if shutil.which("s6-svscan") else "s6-svscan not on PATH (apt-get install s6)"

    def configure(self, root, services, **options):
        if options.get("listener"):
            raise ValueError("s6 has no event listeners")
        workload.s6_scandir(root, services)

    def command(self, root, services):
        # -c: the maximum number of supervised directories (services and their loggers);
        # the default is 1000, raised so that it never limits a workload.
        return ["s6-svscan", "-c", str(max(1000, 2 * len(services) + 16)), f"{root}/scan"]

    def supervisor_pids(self, main_pid):
        return [main_pid] + [p for p in procfs.descendants(main_pid) if procfs.comm(p) in self.PARTS]

    def control_command(self, root, services):
        return ["s6-svstat", f"{root}/scan/{services[0].name}"]
