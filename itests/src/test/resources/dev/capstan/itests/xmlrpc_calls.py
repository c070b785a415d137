# Every method of supervisord 4.2.5's XML-RPC interface, and every fault it answers, called
# through Python's xmlrpc.client (supervisor.xmlrpc.SupervisorTransport on the Unix socket, as
# supervisorctl does). Run against a real supervisord and against Capstan on the same
# configuration, it prints one line per call; the test compares the two outputs.
#
# What differs between any two runs, or by design (docs/xmlrpc.md), is replaced before printing:
# pids and times; the server's directory; the name of a log file nobody configured (supervisord's
# AUTO file, Capstan's console); Capstan's version and its own log's lines; the words of a FATAL
# reason and of an unreadable file; the order of results of a group or all (sorted here).
#
# usage: xmlrpc_calls.py SOCKET DIR CONF
import re
import sys
import threading
import time
import xmlrpc.client

from supervisor.xmlrpc import SupervisorTransport

SOCKET, DIR, CONF = sys.argv[1:4]


def proxy():
    return xmlrpc.client.ServerProxy(
        "http://127.0.0.1", transport=SupervisorTransport(None, None, "unix://" + SOCKET))


P = proxy()


def norm_text(s):
    s = s.replace(DIR, "<DIR>")
    s = re.sub(r"pid \d+, uptime (\d+ days?, )?\d+:\d\d:\d\d", "pid PID, uptime UPTIME", s)
    s = re.sub(r"^[A-Z][a-z]{2} \d\d \d\d:\d\d [AP]M$", "STOPTIME", s)
    return s


def norm(v, key=None):
    if isinstance(v, dict):
        if "statename" in v and "description" in v:  # a process info struct
            v = dict(v)
            for k in ("start", "now", "pid"):
                v[k] = "N" if v[k] else 0
            # Capstan keeps the time of the last stop while the process is down, supervisord also after
            v["stop"] = ("N" if v["stop"] else 0) if v["statename"] in ("STOPPED", "EXITED", "FATAL", "BACKOFF") else "-"
            if v["statename"] in ("FATAL", "BACKOFF"):
                v["spawnerr"] = v["description"] = "REASON"
        return "{" + ", ".join("%s: %s" % (k, norm(x, k)) for k, x in v.items()) + "}"
    if isinstance(v, list):
        items = [norm(x) for x in v]
        if v and all(isinstance(x, dict) and "status" in x for x in v):
            items.sort()  # a group's or all's results: supervisord lists them as they finish
        return "[" + ", ".join(items) + "]"
    if isinstance(v, str):
        if key and key.endswith("logfile"):
            if v == "" or re.search(r"---[^/]*\.log$", v):
                return "'<default>'"
        return repr(norm_text(v))
    return repr(v)


def show(label, method, *args, **kw):
    print("%s -> %s" % (label, call(method, *args, **kw)), flush=True)


def call(method, *args, **kw):
    """The answer of one call, normalized: its value, FAULT code text, or HTTP status."""
    try:
        value = method(*args)
        out = kw["shape"](value) if "shape" in kw else norm(value)
    except xmlrpc.client.Fault as f:
        text = f.faultString
        if f.faultCode == 92:  # CANT_REREAD: each reader words the error its own way
            text = text.split(":")[0] + ": <why>"
        out = "FAULT %d %s" % (f.faultCode, norm_text(text))
    except xmlrpc.client.ProtocolError as e:
        out = "HTTP %d" % e.errcode
    return out


def kind(v):
    return type(v).__name__


def state_of(name):
    return P.supervisor.getProcessInfo(name)["statename"]


def await_output(name, text):
    deadline = time.time() + 30
    while text not in P.supervisor.readProcessStdoutLog(name, 0, 0):
        if time.time() > deadline:
            raise SystemExit("%s never wrote %r" % (name, text))
        time.sleep(0.1)


def await_state(name, *states):
    deadline = time.time() + 30
    while state_of(name) not in states:
        if time.time() > deadline:
            raise SystemExit("%s not in %s" % (name, states))
        time.sleep(0.1)


s = P.supervisor

# ---- identity ----
show("getAPIVersion", s.getAPIVersion)
show("getVersion", s.getVersion)
show("getSupervisorVersion", s.getSupervisorVersion, shape=kind)
show("getIdentification", s.getIdentification)
show("getState", s.getState)
show("getPID", s.getPID, shape=kind)

# ---- introspection ----
show("listMethods", P.system.listMethods)
for m in P.system.listMethods():
    show("methodSignature " + m, P.system.methodSignature, m)
    show("methodHelp " + m, P.system.methodHelp, m, shape=kind)
show("methodSignature nosuch", P.system.methodSignature, "nosuch")
show("methodHelp nosuch", P.system.methodHelp, "nosuch")

# ---- unknown methods, wrong parameters ----
show("nosuch", P.nosuch)
show("supervisor.nosuch", s.nosuch)
show("a.b.c", P.a.b.c)
show("supervisor._update", s._update, "x")
show("system._listMethods", P.system._listMethods)
show("getVersion(1)", s.getVersion, 1)
show("getProcessInfo()", s.getProcessInfo)
show("startProcess()", s.startProcess)
show("readLog(1)", s.readLog, 1)
show("multicall()", P.system.multicall)

# ---- process info ----
show("getAllProcessInfo", s.getAllProcessInfo)
for name in ("web", "grp:a", "manual", "nosuch", "grp:", "nosuch:*"):
    show("getProcessInfo " + name, s.getProcessInfo, name)
show("getAllConfigInfo", s.getAllConfigInfo)

# ---- start and stop ----
for name in ("manual", "manual", "nosuch", "broken", "notexec", "adir", "crash", "grp:*", "nosuch:*"):
    show("startProcess " + name, s.startProcess, name)
show("startProcessGroup nosuch", s.startProcessGroup, "nosuch")
show("stopProcess manual", s.stopProcess, "manual")
show("stopProcess manual", s.stopProcess, "manual")
show("stopProcessGroup grp", s.stopProcessGroup, "grp")
show("stopProcessGroup grp", s.stopProcessGroup, "grp")
show("stopProcess grp:", s.stopProcess, "grp:")
show("startProcessGroup grp", s.startProcessGroup, "grp")
show("startProcessGroup grp False", s.startProcessGroup, "grp", False)
show("stopProcessGroup nosuch", s.stopProcessGroup, "nosuch")
show("startProcess manual False", s.startProcess, "manual", False)
await_state("manual", "RUNNING")
show("stopProcess manual False", s.stopProcess, "manual", False)
await_state("manual", "STOPPED")

# A start that a stop cuts short: ABNORMAL_TERMINATION.
started = []
starter = threading.Thread(target=lambda: started.append(call(proxy().supervisor.startProcess, "slow")))
starter.start()
await_state("slow", "STARTING")
show("stopProcess slow", s.stopProcess, "slow")
starter.join()
print("startProcess slow (stopped meanwhile) -> %s" % started[0], flush=True)

show("stopAllProcesses", s.stopAllProcesses)
show("getAllProcessInfo", s.getAllProcessInfo)
show("startAllProcesses", s.startAllProcesses)
for name in ("crash", "manual", "slow", "stubborn"):
    show("stopProcess " + name, s.stopProcess, name)
show("stopAllProcesses False", s.stopAllProcesses, False)
for name in ("web", "talker", "redir", "grp:a", "grp:b"):
    await_state(name, "STOPPED")
show("startAllProcesses False", s.startAllProcesses, False)
for name in ("web", "talker", "redir", "grp:a", "grp:b", "manual", "slow"):
    await_state(name, "RUNNING")
for name in ("manual", "slow", "crash"):
    show("stopProcess " + name, s.stopProcess, name)

# ---- signals ----
show("signalProcess talker USR1", s.signalProcess, "talker", "USR1")
await_output("talker", "got-usr1")
show("signalProcess web BOGUS", s.signalProcess, "web", "BOGUS")
show("signalProcess web 99", s.signalProcess, "web", 99)
show("signalProcess web SIGCONT", s.signalProcess, "web", "SIGCONT")
show("signalProcess web 18", s.signalProcess, "web", 18)
show("signalProcess web '18'", s.signalProcess, "web", "18")
show("signalProcess manual HUP", s.signalProcess, "manual", "HUP")
show("signalProcess nosuch HUP", s.signalProcess, "nosuch", "HUP")
show("signalProcess grp:* BOGUS", s.signalProcess, "grp:*", "BOGUS")
show("signalProcessGroup grp CONT", s.signalProcessGroup, "grp", "CONT")
show("signalProcessGroup nosuch CONT", s.signalProcessGroup, "nosuch", "CONT")
show("signalAllProcesses CONT", s.signalAllProcesses, "CONT")

# ---- logs ----
for args in (("web", 0, 0), ("web", 6, 4), ("web", -5, 0), ("web", -5, 1), ("web", 0, -1), ("web", 1000, 0),
             ("redir", 0, 0), ("nosuch", 0, 0), ("manual", 0, 0), ("talker", 0, 0)):
    show("readProcessStdoutLog %s %d %d" % args, s.readProcessStdoutLog, *args)
show("readProcessLog web 0 0", s.readProcessLog, "web", 0, 0)
for args in (("web", 0, 0), ("redir", 0, 0), ("nosuch", 0, 0)):
    show("readProcessStderrLog %s %d %d" % args, s.readProcessStderrLog, *args)
for args in (("web", 0, 3), ("web", 2, 100), ("web", 1000, 10), ("web", 0, 0), ("web", -3, 100), ("nosuch", 0, 1),
             ("manual", 0, 10)):
    show("tailProcessStdoutLog %s %d %d" % args, s.tailProcessStdoutLog, *args)
show("tailProcessLog web 0 3", s.tailProcessLog, "web", 0, 3)
show("tailProcessStderrLog redir 0 100", s.tailProcessStderrLog, "redir", 0, 100)
show("tailProcessStderrLog web 0 100", s.tailProcessStderrLog, "web", 0, 100)
show("readLog -1600 0", s.readLog, -1600, 0, shape=kind)
show("readMainLog -1600 0", s.readMainLog, -1600, 0, shape=kind)
show("readLog -5 1", s.readLog, -5, 1)
show("readLog 0 -1", s.readLog, 0, -1)
show("clearLog", s.clearLog)
show("clearProcessLogs web", s.clearProcessLogs, "web")
show("readProcessStdoutLog web 0 0 (cleared)", s.readProcessStdoutLog, "web", 0, 0)
show("clearProcessLog web", s.clearProcessLog, "web")
show("clearProcessLogs nosuch", s.clearProcessLogs, "nosuch")
show("clearAllProcessLogs", s.clearAllProcessLogs)

# ---- stdin and events ----
show("sendProcessStdin manual", s.sendProcessStdin, "manual", "x")
show("sendProcessStdin nosuch", s.sendProcessStdin, "nosuch", "x")
show("sendProcessStdin web 5", s.sendProcessStdin, "web", 5)
show("sendProcessStdin echoer", s.sendProcessStdin, "echoer", "hello \u00e9\n")
await_output("echoer", "got hello")
show("readProcessStdoutLog echoer 0 0", s.readProcessStdoutLog, "echoer", 0, 0)
show("sendRemoteCommEvent", s.sendRemoteCommEvent, "type", "data")

# ---- multicall ----
show("multicall", P.system.multicall, [
    {"methodName": "supervisor.getState"},
    {"methodName": "supervisor.getProcessInfo", "params": ["web"]},
    {"methodName": "system.multicall", "params": [[]]},
    {"methodName": "supervisor.nosuch"},
    {"params": []},
    {"methodName": "supervisor.stopProcess", "params": ["manual"]},
    {"methodName": "supervisor.startProcess", "params": ["manual"]},
    {"methodName": "supervisor.stopProcess", "params": ["manual"]},
    {"methodName": "supervisor.getPID", "params": [1]},
])

# ---- the configuration file ----
show("reloadConfig", s.reloadConfig)
show("addProcessGroup web", s.addProcessGroup, "web")
show("addProcessGroup nosuch", s.addProcessGroup, "nosuch")
show("removeProcessGroup web", s.removeProcessGroup, "web")
show("removeProcessGroup nosuch", s.removeProcessGroup, "nosuch")
with open(CONF) as f:
    original = f.read()
with open(CONF, "w") as f:
    f.write(original.replace("[program:b]\ncommand = sleep 1000", "[program:b]\ncommand = sleep 1001")
            .replace("[program:manual]\ncommand = sleep 1000\nautostart = false\n", "")
            + "\n[program:newp]\ncommand = sleep 1000\n")
show("reloadConfig (edited)", s.reloadConfig)
show("addProcessGroup newp", s.addProcessGroup, "newp")
await_state("newp", "RUNNING")
show("addProcessGroup newp", s.addProcessGroup, "newp")
show("removeProcessGroup newp", s.removeProcessGroup, "newp")
show("stopProcess newp", s.stopProcess, "newp")
show("removeProcessGroup newp", s.removeProcessGroup, "newp")
show("getProcessInfo newp", s.getProcessInfo, "newp")
show("reloadConfig (newp removed)", s.reloadConfig)
show("stopProcessGroup grp", s.stopProcessGroup, "grp")
show("removeProcessGroup grp", s.removeProcessGroup, "grp")
show("addProcessGroup grp", s.addProcessGroup, "grp")
await_state("grp:b", "RUNNING")
show("reloadConfig (grp applied)", s.reloadConfig)
with open(CONF, "w") as f:
    f.write(original + "\n[program:bad]\nstartsecs = soon\n")
show("reloadConfig (broken)", s.reloadConfig)
with open(CONF, "w") as f:
    f.write(original)

# ---- restart ----
show("restart", s.restart)
time.sleep(1)
deadline = time.time() + 60
while True:
    try:
        fresh = proxy().supervisor
        if all(fresh.getProcessInfo(n)["statename"] == "RUNNING" for n in ("web", "talker", "grp:a", "grp:b")):
            break
    except (xmlrpc.client.Fault, OSError):
        pass  # supervisord is restarting: SHUTDOWN_STATE, then its socket goes and comes back
    if time.time() > deadline:
        raise SystemExit("not back after restart")
    time.sleep(0.2)
print("restart: back", flush=True)

# ---- shutdown: a process that ignores SIGTERM keeps the server in SHUTDOWN_STATE ----
P = proxy()
s = P.supervisor
show("startProcess stubborn", s.startProcess, "stubborn")
show("shutdown", s.shutdown)
show("getState (shutting down)", s.getState)
show("startProcess web (shutting down)", s.startProcess, "web")
show("listMethods (shutting down)", P.system.listMethods, shape=len)
