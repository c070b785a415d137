"""superlance's crashmail (superlance 2.0, crashmail.py), its listener loop and mail as written
there, on supervisor.childutils: on PROCESS_STATE_EXITED with expected:0 it mails
"Process X in group G exited unexpectedly (pid N) from state S" through sendmail (-s).
superlance itself cannot be installed here (no PyPI, not packaged by Debian); unlike it, this
copy does not refuse to run without SUPERVISOR_SERVER_URL, which it never uses.

usage: crashmail.py -a -m EMAIL -s SENDMAIL
"""
import getopt
import os
import sys

from supervisor import childutils


def main():
    opts, _ = getopt.getopt(sys.argv[1:], 'am:s:')
    opts = dict(opts)
    email = opts['-m']
    sendmail = opts['-s']
    while True:
        headers, payload = childutils.listener.wait(sys.stdin, sys.stdout)
        if not headers['eventname'] == 'PROCESS_STATE_EXITED':
            childutils.listener.ok(sys.stdout)
            continue
        pheaders, pdata = childutils.eventdata(payload + '\n')
        if int(pheaders['expected']):
            childutils.listener.ok(sys.stdout)
            continue
        msg = ('Process %(processname)s in group %(groupname)s exited '
               'unexpectedly (pid %(pid)s) from state %(from_state)s' % pheaders)
        subject = ' %s crashed at %s' % (pheaders['processname'], childutils.get_asctime())
        body = 'To: %s\n' % email
        body += 'Subject: %s\n' % subject
        body += '\n'
        body += msg
        with os.popen(sendmail, 'w') as m:
            m.write(body)
        sys.stderr.write('unexpected exit, mailing\n')
        sys.stderr.flush()
        childutils.listener.ok(sys.stdout)


if __name__ == '__main__':
    main()
