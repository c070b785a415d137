"""Reads a supervisord.conf with supervisord's own parser and prints, as JSON, what it made of
each process. Used by SupervisordAgreesTest so the test corpus is checked against the real thing.

usage: python3 dump_config.py CONFIG PASSWD
User names are looked up in PASSWD (the test's fixture) instead of /etc/passwd."""
import json
import shlex
import sys

from supervisor import events, options
from supervisor.datatypes import RestartUnconditionally


def name_to_uid(name):
    with open(sys.argv[2]) as passwd:
        for line in passwd:
            fields = line.strip().split(':')
            if fields[0] == name or fields[2] == str(name):
                return int(fields[2])
    raise ValueError('Invalid user name %s' % name)


options.name_to_uid = name_to_uid
opts = options.ServerOptions()
opts.configfile = sys.argv[1]
opts.process_config(do_usage=False)

result = []
for group in opts.process_group_configs:
    listens = [events.getEventNameByType(t) for t in getattr(group, 'pool_events', [])]
    for p in group.process_configs:
        if p.autorestart is False:
            restart = 'NEVER'
        elif p.autorestart is RestartUnconditionally:
            restart = 'ALWAYS'
        else:
            restart = 'UNEXPECTED'
        env = dict(opts.configroot.supervisord.environment or {})
        env.update(p.environment or {})
        result.append({
            'group': group.name, 'name': p.name, 'command': shlex.split(p.command),
            'priority': p.priority, 'autostart': p.autostart, 'startsecs': p.startsecs,
            'startretries': p.startretries, 'restart': restart, 'exitcodes': sorted(p.exitcodes),
            'stopsignal': int(p.stopsignal), 'stopwaitsecs': p.stopwaitsecs,
            'stopasgroup': p.stopasgroup, 'killasgroup': p.killasgroup, 'uid': p.uid,
            'redirect_stderr': p.redirect_stderr, 'directory': p.directory, 'environment': env,
            'stdout_logfile': p.stdout_logfile if isinstance(p.stdout_logfile, str) or p.stdout_logfile is None else 'AUTO',
            'events': listens, 'group_priority': group.priority,
        })
print(json.dumps(result))
