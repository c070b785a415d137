package dev.capstan.control;

/**
 * The control socket's wire format (docs/control.md). A client sends one request, a command line
 * in UTF-8 ending with a newline, and keeps its side open; closing it (or sending anything more)
 * cancels the command. The server answers with frames, each {@code <kind><length>:<payload>}
 * with the length in ASCII decimal: {@code o} stdout bytes, {@code e} stderr bytes, and last
 * {@code x} whose payload is the exit code in decimal. Then it closes the connection.
 */
final class Protocol {
    static final byte STDOUT = 'o';
    static final byte STDERR = 'e';
    static final byte EXIT = 'x';

    /** Longest request, newline included: a command line, not a file. */
    static final int MAX_REQUEST = 64 * 1024;
    /** Longest frame payload; longer output is split. */
    static final int MAX_FRAME = 64 * 1024;
    /** How long a client has to send its request once connected. */
    static final long REQUEST_TIMEOUT_MS = 10_000;
    /** Clients served at once; more are told the server is busy. */
    static final int MAX_CLIENTS = 32;

    private Protocol() {
    }
}
