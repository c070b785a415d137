"""superlance's fatalmailbatch (superlance 2.0: fatalmailbatch.py on process_state_monitor.py),
its batching as written there, on supervisor.childutils: PROCESS_STATE_FATAL events are
collected as "<asctime> -- Process G:X failed to start too many times", and every interval
(counted in TICK events, here -e TICK_5 and -i 5 seconds) the batch is mailed and cleared.
superlance mails through SMTP; this copy hands the same message to sendmail (-s), as crashmail
does, since there is no mail server here.

usage: fatalmailbatch.py -t TO -f FROM -e TICK_5 -i SECONDS -s SENDMAIL
"""
import getopt
import os
import sys

from supervisor import childutils


def main():
    opts, _ = getopt.getopt(sys.argv[1:], 't:f:e:i:s:')
    opts = dict(opts)
    tick = opts['-e']
    tick_secs = int(tick.split('_')[1])
    interval = float(opts['-i'])
    batch, batch_secs = [], 0
    while True:
        headers, payload = childutils.listener.wait(sys.stdin, sys.stdout)
        if headers['eventname'] == 'PROCESS_STATE_FATAL':
            pheaders, pdata = childutils.eventdata(payload + '\n')
            txt = 'Process %(groupname)s:%(processname)s failed to start too many times' % pheaders
            batch.append('%s -- %s' % (childutils.get_asctime(), txt))
        elif headers['eventname'] == tick:
            batch_secs += tick_secs
            if batch_secs >= interval:
                if batch:
                    body = 'To: %s\nFrom: %s\nSubject: Fatal start alert from supervisord\n\n%s' % (
                        opts['-t'], opts['-f'], '\n'.join(batch))
                    with os.popen(opts['-s'], 'w') as m:
                        m.write(body)
                batch, batch_secs = [], 0
        childutils.listener.ok(sys.stdout)


if __name__ == '__main__':
    main()
