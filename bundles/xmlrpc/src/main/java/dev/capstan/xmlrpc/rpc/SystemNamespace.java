package dev.capstan.xmlrpc.rpc;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code system.*} methods: introspection from {@link MethodTable} and {@code multicall}.
 * A multicall runs its calls one after the other on the caller's thread (a start with wait in it
 * waits there); each result is the call's value itself, or a {faultCode, faultString} struct,
 * as supervisord answers (not the one-element array the XML-RPC multicall convention has).
 * A multicall inside a multicall is refused. Thread-safe.
 */
final class SystemNamespace {

    private final RpcInterface root;

    SystemNamespace(RpcInterface root) {
        this.root = root;
    }

    Object call(String method, List<Object> params, Caller caller) {
        switch (method) {
            case "listMethods":
                Args.of(params, 0, 0);
                return MethodTable.names();
            case "methodHelp":
                return MethodTable.get(name(params)).help();
            case "methodSignature":
                return MethodTable.get(name(params)).signature();
            case "multicall":
                return multicall(Args.of(params, 1, 1).raw(0), caller);
            default:
                throw RpcFault.of(RpcFault.UNKNOWN_METHOD, null);
        }
    }

    /** A method name; anything else names no method (supervisord compares it with each name). */
    private static String name(List<Object> params) {
        Object name = Args.of(params, 1, 1).raw(0);
        return name instanceof String s ? s : "";
    }

    private List<Object> multicall(Object calls, Caller caller) {
        if (!(calls instanceof List<?> list)) {
            throw RpcFault.of(RpcFault.INCORRECT_PARAMETERS, null);
        }
        List<Object> results = new ArrayList<>(list.size());
        for (Object call : list) {
            try {
                results.add(one(call, caller));
            } catch (RpcFault f) {
                Map<String, Object> fault = new LinkedHashMap<>();
                fault.put("faultCode", f.code());
                fault.put("faultString", f.text());
                results.add(fault);
            }
        }
        return results;
    }

    private Object one(Object call, Caller caller) {
        if (!(call instanceof Map<?, ?> struct)) {
            throw RpcFault.of(RpcFault.INCORRECT_PARAMETERS, null);
        }
        Object name = struct.get("methodName");
        Object params = struct.containsKey("params") ? struct.get("params") : List.of();
        if (name == null) {
            throw RpcFault.of(RpcFault.INCORRECT_PARAMETERS, "No methodName");
        }
        if (name.equals("system.multicall")) {
            throw RpcFault.of(RpcFault.INCORRECT_PARAMETERS, "Recursive system.multicall forbidden");
        }
        if (!(name instanceof String method) || !(params instanceof List<?> list)) {
            throw RpcFault.of(RpcFault.INCORRECT_PARAMETERS, null);
        }
        List<Object> copy = new ArrayList<>(list);
        return root.call(method, copy, caller);
    }
}
