package dev.capstan.api;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Whether Capstan's services are up, as {@code GET /readyz} and {@code capstanctl health} answer
 * it: every autostart service must be RUNNING and ready, or be a oneshot that finished well. A
 * STARTING service, a RUNNING one whose readiness check has not passed, and a longrun that has
 * exited (even with an expected code) are not ready; services that do not start by themselves are
 * not counted. One definition, so the HTTP probe and the command never disagree.
 */
public final class Readiness {

    private Readiness() {
    }

    /** The autostart services that are not ready, in the order given. */
    public static List<ServiceStatus> notReady(Collection<ServiceStatus> services) {
        List<ServiceStatus> missing = new ArrayList<>();
        for (ServiceStatus s : services) {
            if (s.spec().autostart() && !isUp(s)) {
                missing.add(s);
            }
        }
        return missing;
    }

    /** RUNNING and ready; for a oneshot, EXITED and ready (its exit code was an expected one). */
    public static boolean isUp(ServiceStatus s) {
        ServiceState done = s.spec().type() == ServiceType.ONESHOT ? ServiceState.EXITED : ServiceState.RUNNING;
        return s.state() == done && s.ready();
    }

    /** Why a service is not ready, in a few words: its own description, or what its state says. */
    public static String reason(ServiceStatus s) {
        if (!s.description().isEmpty()) {
            return s.description();
        }
        return switch (s.state()) {
            case RUNNING -> s.spec().type() == ServiceType.ONESHOT ? "still running" : "readiness check not passed yet";
            case EXITED -> s.lastExit() == null ? "exited" : "exited (" + s.lastExit() + ")";
            case STOPPED -> "stopped";
            case STARTING -> "starting";
            case BACKOFF -> "waiting to retry its start";
            case STOPPING -> "stopping";
            case FATAL -> "could not be started";
            case UNKNOWN -> "state unknown";
        };
    }
}
