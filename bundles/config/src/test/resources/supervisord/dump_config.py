"""Reads a supervisord.conf with supervisord's own parser and prints, as JSON, what it made of
it: each process, each group, or the error that made supervisord refuse the file. Used by the
tests that hold Capstan's reader to supervisord's (SupervisordAgreesTest, CorpusTest).

usage: python3 dump_config.py PASSWD GROUP CONFIG...
prints a JSON list with one entry per CONFIG, in order.

The configuration is read as supervisord 4 reads it at startup, with two changes that keep the
answer independent of the machine the test runs on:
- users and groups are looked up in PASSWD and GROUP (the test's fixtures), not in /etc;
- the directories named by log files, childlogdir and [supervisord] directory need not exist
  (supervisord checks that they do when it reads the file; the images the corpus comes from
  have them, the test machine does not);
- a result_handler or rpcinterface factory from a plugin that is not installed here (such as
  supervisor_stdout) resolves to a placeholder, as it would resolve in the image that installs it."""
import grp
import json
import os
import pwd
import shlex
import sys

from supervisor import datatypes, events, options
from supervisor.datatypes import Automatic, RestartUnconditionally


def entries(path):
    with open(path) as f:
        return [line.rstrip('\n').split(':') for line in f if line.strip() and not line.startswith('#')]


PASSWD = [pwd.struct_passwd((e[0], e[1], int(e[2]), int(e[3]), e[4], e[5], e[6])) for e in entries(sys.argv[1])]
GROUPS = [grp.struct_group((e[0], e[1], int(e[2]), [m for m in e[3].split(',') if m])) for e in entries(sys.argv[2])]


def lookup(records, index, value, kind):
    for r in records:
        if r[index] == value:
            return r
    raise KeyError('%s not found: %r' % (kind, value))


pwd.getpwnam = lambda name: lookup(PASSWD, 0, name, 'getpwnam(): name')
pwd.getpwuid = lambda uid: lookup(PASSWD, 2, uid, 'getpwuid(): uid')
grp.getgrnam = lambda name: lookup(GROUPS, 0, name, 'getgrnam(): name')
grp.getgrgid = lambda gid: lookup(GROUPS, 2, gid, 'getgrgid(): gid')
grp.getgrall = lambda: list(GROUPS)

datatypes.existing_directory = os.path.expanduser
datatypes.existing_dirpath = os.path.expanduser
options.existing_directory = os.path.expanduser
options.existing_dirpath = os.path.expanduser

real_import_spec = options.ServerOptions.import_spec


def import_spec(self, spec):
    try:
        return real_import_spec(self, spec)
    except ImportError:
        return lambda *args, **kwargs: None


options.ServerOptions.import_spec = import_spec


def logfile(value):
    if value is Automatic:
        return 'AUTO'
    return value  # a path, or None for NONE (and for syslog, which is rewritten to stdout_syslog)


def restart(value):
    if value is False:
        return 'NEVER'
    if value is RestartUnconditionally:
        return 'ALWAYS'
    return 'UNEXPECTED'


def argv(command):
    try:
        return shlex.split(command)
    except ValueError as e:
        return {'error': str(e)}


def process(opts, group, p):
    env = dict(opts.configroot.supervisord.environment or {})
    env.update(p.environment or {})
    socket = getattr(group, 'socket_config', None)
    return {
        'group': group.name, 'name': p.name, 'command': argv(p.command),
        'priority': p.priority, 'autostart': p.autostart, 'startsecs': p.startsecs,
        'startretries': p.startretries, 'restart': restart(p.autorestart), 'exitcodes': sorted(p.exitcodes),
        'stopsignal': int(p.stopsignal), 'stopwaitsecs': p.stopwaitsecs,
        'stopasgroup': p.stopasgroup, 'killasgroup': p.killasgroup, 'uid': p.uid, 'umask': p.umask,
        'redirect_stderr': p.redirect_stderr, 'directory': p.directory, 'environment': env,
        'stdout_logfile': logfile(p.stdout_logfile), 'stderr_logfile': logfile(p.stderr_logfile),
        'stdout_logfile_maxbytes': p.stdout_logfile_maxbytes, 'stdout_logfile_backups': p.stdout_logfile_backups,
        'stderr_logfile_maxbytes': p.stderr_logfile_maxbytes, 'stderr_logfile_backups': p.stderr_logfile_backups,
        'events': sorted(events.getEventNameByType(t) for t in getattr(group, 'pool_events', [])),
        'group_priority': group.priority,
        'socket': None if socket is None else {
            'url': socket.url, 'owner': socket.owner if hasattr(socket, 'owner') else None,
            'mode': socket.mode if hasattr(socket, 'mode') else None, 'backlog': socket.backlog},
    }


def read(config):
    opts = options.ServerOptions()
    opts.configfile = config
    try:
        opts.process_config(do_usage=False)
    except ValueError as e:
        return {'error': str(e)}
    processes = [process(opts, g, p) for g in opts.process_group_configs for p in g.process_configs]
    groups = {g.name: sorted(p.name for p in g.process_configs) for g in opts.process_group_configs}
    servers = [{k: v for k, v in s.items() if k in ('section', 'file', 'chmod', 'chown', 'host', 'port')}
               for s in opts.configroot.supervisord.server_configs]
    return {'processes': processes, 'groups': groups, 'servers': servers, 'warnings': opts.parse_warnings}


print(json.dumps([read(config) for config in sys.argv[3:]]))
