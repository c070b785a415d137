package dev.capstan.api;

/** A Supervisor request that could not be done; the message names the service and the reason. */
public class SupervisorException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final Fault fault;

    public SupervisorException(Fault fault, String message) {
        super(message);
        this.fault = fault;
    }

    public Fault fault() {
        return fault;
    }
}
