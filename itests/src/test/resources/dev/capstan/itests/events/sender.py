"""Sends one REMOTE_COMMUNICATION through the supervisor's XML-RPC interface, as a program does
with supervisor.childutils: supervisor.sendRemoteCommEvent(TYPE, DATA). Capstan's XML-RPC
endpoint comes up a moment after its first services (start level 3), so the call is tried
again for a few seconds until it is answered.

usage: sender.py TYPE DATA (DATA with Python's backslash escapes)
"""
import os
import sys
import time

from supervisor import childutils

kind, data = sys.argv[1], sys.argv[2].encode('ascii').decode('unicode_escape')
for attempt in range(100):
    try:
        childutils.getRPCInterface(os.environ).supervisor.sendRemoteCommEvent(kind, data)
        break
    except Exception:
        time.sleep(0.1)
else:
    sys.exit('no XML-RPC interface answered')
