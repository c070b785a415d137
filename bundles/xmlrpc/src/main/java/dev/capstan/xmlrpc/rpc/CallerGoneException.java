package dev.capstan.xmlrpc.rpc;

/** A waiting call found its client gone: there is nobody to answer. */
public final class CallerGoneException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    CallerGoneException() {
        super("the client left", null, false, false);
    }
}
