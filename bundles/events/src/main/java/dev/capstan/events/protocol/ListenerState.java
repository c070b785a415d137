package dev.capstan.events.protocol;

/** supervisord's listener states (supervisor/states.py, {@code EventListenerStates}). */
public enum ListenerState {
    /** Started, or answered the last event: waits for {@code READY\n}. */
    ACKNOWLEDGED,
    /** Said {@code READY\n}: the next event may be sent to it. */
    READY,
    /** An event was sent: waits for {@code RESULT n\n} and n bytes. */
    BUSY,
    /** Broke the protocol: gets no more events from this process. */
    UNKNOWN
}
