package dev.capstan.xmlrpc.rpc;

import dev.capstan.api.Fault;

/**
 * A fault answered to an XML-RPC call, as supervisord's {@code RPCError}: a code from
 * {@code xmlrpc.Faults} and the text {@code NAME} or {@code NAME: extra} ({@code BAD_NAME: web}).
 */
public final class RpcFault extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public static final int UNKNOWN_METHOD = 1;
    public static final int INCORRECT_PARAMETERS = 2;
    public static final int BAD_ARGUMENTS = 3;
    public static final int SIGNATURE_UNSUPPORTED = 4;
    /** Not a fault: the status of a successful entry in a group's results. */
    public static final int SUCCESS = 80;

    private final int code;

    private RpcFault(int code, String text) {
        super(text, null, false, false);
        this.code = code;
    }

    /** {@code NAME: extra}, or {@code NAME} when extra is null. */
    public static RpcFault of(int code, String extra) {
        String name = name(code);
        return new RpcFault(code, extra == null ? name : name + ": " + extra);
    }

    /** The same fault as a Supervisor failure, with supervisord's text for it. */
    public static RpcFault of(Fault fault, String extra) {
        return of(fault.code(), extra);
    }

    public int code() {
        return code;
    }

    /** The fault string. */
    public String text() {
        return getMessage();
    }

    /** supervisord's {@code getFaultDescription}. */
    static String name(int code) {
        switch (code) {
            case UNKNOWN_METHOD:
                return "UNKNOWN_METHOD";
            case INCORRECT_PARAMETERS:
                return "INCORRECT_PARAMETERS";
            case BAD_ARGUMENTS:
                return "BAD_ARGUMENTS";
            case SIGNATURE_UNSUPPORTED:
                return "SIGNATURE_UNSUPPORTED";
            case SUCCESS:
                return "SUCCESS";
            default:
                for (Fault f : Fault.values()) {
                    if (f.code() == code) {
                        return f.name();
                    }
                }
                return "UNKNOWN";
        }
    }
}
