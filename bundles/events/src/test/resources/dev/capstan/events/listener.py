"""An event listener for the tests: python3 listener.py MODE RECORD.

Each event read is appended to RECORD as it was read (header line, payload), then b'\\n--\\n'.

  bytes       reads the protocol in binary, as a C or Go listener does: the header line, then
              len bytes, then answers OK
  chars       reads it with supervisor.childutils.listener, as superlance's listeners do: text
              stdin, so len is taken as a number of characters
  fail-first  as bytes, but answers FAIL to the first event it ever gets (RECORD.failed marks it)
  die-first   as bytes, but the first process exits after reading its first event, answering
              nothing (RECORD.died marks it)
  slow        as bytes, sleeping half a second before each answer
  garbage     says HELLO where READY is expected
  silent      never says READY
"""
import os
import sys
import time

mode, record = sys.argv[1], sys.argv[2]


def append(data):
    with open(record, 'ab') as f:
        f.write(data + b'\n--\n')


def once(marker):
    """True the first time across every process of this listener."""
    try:
        os.close(os.open(record + marker, os.O_CREAT | os.O_EXCL))
        return True
    except FileExistsError:
        return False


if mode == 'silent':
    time.sleep(3600)
    sys.exit(0)
if mode == 'garbage':
    sys.stdout.write('HELLO\n')
    sys.stdout.flush()
    time.sleep(3600)
    sys.exit(0)

if mode == 'chars':
    from supervisor import childutils
    while True:
        headers, payload = childutils.listener.wait(sys.stdin, sys.stdout)
        line = ' '.join('%s:%s' % kv for kv in headers.items()) + '\n'
        append((line + payload).encode('utf-8', 'surrogateescape'))
        childutils.listener.ok(sys.stdout)

out = sys.stdout.buffer
stdin = sys.stdin.buffer
while True:
    out.write(b'READY\n')
    out.flush()
    line = stdin.readline()
    if not line:
        sys.exit(0)
    headers = dict(token.split(b':', 1) for token in line.split())
    payload = stdin.read(int(headers[b'len']))
    append(line + payload)
    if mode == 'die-first' and once('.died'):
        sys.exit(1)
    if mode == 'slow':
        time.sleep(0.5)
    answer = b'FAIL' if mode == 'fail-first' and once('.failed') else b'OK'
    out.write(b'RESULT %d\n%s' % (len(answer), answer))
    out.flush()
