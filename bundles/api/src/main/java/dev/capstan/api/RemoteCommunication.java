package dev.capstan.api;

/**
 * The EventAdmin event that XML-RPC's {@code supervisor.sendRemoteCommEvent(type, data)} posts,
 * for supervisord event listeners subscribed to REMOTE_COMMUNICATION. Posted asynchronously;
 * nothing waits for a listener.
 */
public final class RemoteCommunication {

    public static final String TOPIC = "dev/capstan/remote/COMMUNICATION";

    /** Property: the {@code type} the caller gave (a String). */
    public static final String TYPE = "type";

    /** Property: the {@code data} the caller gave (a String), the event's body. */
    public static final String DATA = "data";

    private RemoteCommunication() {
    }
}
