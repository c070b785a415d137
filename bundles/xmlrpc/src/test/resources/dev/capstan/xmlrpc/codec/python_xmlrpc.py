# Answers the codec tests with Python's own XML-RPC: xmlrpc.client.dumps and loads, and
# supervisord 4.2.5's request unmarshaller (supervisor_xmlrpc_handler.loads). One JSON request
# per line on stdin, one answer line on stdout. Run with /usr/bin/python3 (Debian's supervisor).
import base64
import datetime
import json
import struct
import sys
import xmlrpc.client

from supervisor.xmlrpc import supervisor_xmlrpc_handler

unmarshaller = supervisor_xmlrpc_handler.__new__(supervisor_xmlrpc_handler)


def value(v):
    """A Python value from the tests' JSON: {"$dt": iso}, {"$bin": b64}, {"$float": repr} are tagged."""
    if isinstance(v, dict):
        if "$dt" in v:
            return xmlrpc.client.DateTime(datetime.datetime.fromisoformat(v["$dt"]))
        if "$bin" in v:
            return xmlrpc.client.Binary(base64.b64decode(v["$bin"]))
        if "$float" in v:
            return float(v["$float"])
        return {k: value(x) for k, x in v.items()}
    if isinstance(v, list):
        return [value(x) for x in v]
    return v


def canon(v):
    """The form the Java side writes too: one string per value tree."""
    if v is None:
        return "n"
    if isinstance(v, bool):
        return "b1" if v else "b0"
    if isinstance(v, int):
        return "i%d" % v
    if isinstance(v, float):
        return "d" + struct.pack(">d", v).hex()
    if isinstance(v, str):
        return "s" + json.dumps(v)
    if isinstance(v, datetime.datetime):
        return "t" + v.isoformat()
    if isinstance(v, (list, tuple)):
        return "[" + ",".join(canon(x) for x in v) + "]"
    if isinstance(v, dict):
        return "{" + ",".join(canon(k) + ":" + canon(x) for k, x in v.items()) + "}"
    raise TypeError(type(v))


def answer(request):
    if "dumps" in request:  # a methodCall as xmlrpc.client writes it
        params = tuple(value(x) for x in request["dumps"])
        return base64.b64encode(xmlrpc.client.dumps(params, request["method"]).encode()).decode()
    if "unmarshal" in request:  # what supervisord reads from a request body
        try:
            # medusa's collector decodes the body as UTF-8 before the unmarshaller sees it
            data = base64.b64decode(request["unmarshal"]).decode("utf-8")
            params, method = unmarshaller.loads(data)
        except Exception as e:
            return "ERR " + type(e).__name__
        return canon(method) + " " + canon(params if params is not None else ())
    if "response" in request:  # a response as supervisord writes it
        body = xmlrpc.client.dumps((value(request["response"]),), methodresponse=True)
        return base64.b64encode(body.encode()).decode()
    if "fault" in request:
        body = xmlrpc.client.dumps(xmlrpc.client.Fault(request["fault"][0], request["fault"][1]))
        return base64.b64encode(body.encode()).decode()
    if "loads" in request:  # what a client reads from a response
        try:
            result, _ = xmlrpc.client.loads(base64.b64decode(request["loads"]))
        except xmlrpc.client.Fault as f:
            return "FAULT " + canon(f.faultCode) + " " + canon(f.faultString)
        except Exception as e:
            return "ERR " + type(e).__name__
        return canon(result[0])
    raise ValueError(request)


for line in sys.stdin:
    print(answer(json.loads(line)), flush=True)
