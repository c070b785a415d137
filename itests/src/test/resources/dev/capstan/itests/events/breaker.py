"""The crash-loop circuit breaker of the chrome image family: an event listener subscribed to
PROCESS_STATE_FATAL that, when a program goes FATAL, SIGTERMs the supervisor (the container's
PID 1) through its pidfile, so the container is rebuilt.

For the test it also records, in the directory $RECORD_DIR: the exact bytes it read of each
event (header line and payload, read in binary), its uid, and, when it can call back
(supervisor.childutils.getRPCInterface, which needs SUPERVISOR_SERVER_URL), the state the
supervisor reports for the program that went FATAL.
"""
import os
import signal
import sys

record = os.environ['RECORD_DIR']
with open(os.path.join(record, 'uid'), 'w') as f:
    f.write('%d\n' % os.getuid())

stdin = sys.stdin.buffer
stdout = sys.stdout.buffer
while True:
    stdout.write(b'READY\n')
    stdout.flush()
    line = stdin.readline()
    if not line:
        sys.exit(0)
    headers = dict(token.split(b':', 1) for token in line.split())
    payload = stdin.read(int(headers[b'len']))
    with open(os.path.join(record, 'events'), 'ab') as f:
        f.write(line + payload)
    if headers[b'eventname'] == b'PROCESS_STATE_FATAL':
        name = dict(token.split(':', 1) for token in payload.decode().split())['processname']
        if 'SUPERVISOR_SERVER_URL' in os.environ:
            from supervisor import childutils
            try:
                state = childutils.getRPCInterface(os.environ).supervisor.getProcessInfo(name)['statename']
            except Exception as e:  # the breaker acts whatever the supervisor answers
                state = 'error: %s' % e
            with open(os.path.join(record, 'rpc'), 'w') as f:
                f.write(state + '\n')
        with open(os.environ['PIDFILE']) as f:
            os.kill(int(f.read()), signal.SIGTERM)
    stdout.write(b'RESULT 2\nOK')
    stdout.flush()
