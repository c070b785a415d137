package dev.capstan.xmlrpc.codec;

/**
 * A request body that is not a well-formed XML-RPC call: not XML, a DOCTYPE, too deep, or XML
 * that supervisord's unmarshaller would not read. supervisord answers these with HTTP 400, and so
 * does Capstan; the message says what is wrong, for the log.
 */
public final class MalformedRequestException extends Exception {
    private static final long serialVersionUID = 1L;

    public MalformedRequestException(String message) {
        super(message);
    }
}
