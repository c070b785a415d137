"""Answers, line by line, what Python's shlex.split makes of each command line, as supervisord
calls it (posix mode, comments=False). Used by ShellWordsTest.

Each input line is a command line, UTF-8, hex-encoded. Each output line is either
'W' followed by ' x<hex>' per word (x alone for an empty word), or 'E <message>'."""
import shlex
import sys

for line in sys.stdin:
    text = bytes.fromhex(line.strip()).decode('utf-8')
    try:
        words = shlex.split(text)
    except ValueError as e:
        print('E ' + str(e))
    else:
        print('W' + ''.join(' x' + w.encode('utf-8').hex() for w in words))
    sys.stdout.flush()
