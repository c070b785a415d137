package dev.capstan.xmlrpc.rpc;

/**
 * The client of the call being answered. A call that waits (a start with {@code wait=true})
 * asks it now and then, and gives up waiting once the client has left; what it started goes on.
 */
public interface Caller {

    /** Whether the client has closed its side. */
    boolean gone();
}
