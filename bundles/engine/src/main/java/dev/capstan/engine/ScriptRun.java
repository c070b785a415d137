package dev.capstan.engine;

import dev.capstan.api.ServiceOutput;
import dev.capstan.process.Child;
import dev.capstan.process.ExitStatus;
import dev.capstan.process.Signal;
import java.util.concurrent.ScheduledFuture;

/**
 * A short-lived process of a service beside its runs: s6's {@code finish} after each exit of a
 * longrun, s6-rc's {@code down} when a completed oneshot is stopped. Made by
 * {@link RunLauncher#script}; its end is reported once, on the engine thread.
 */
final class ScriptRun {
    final Child child;
    private final ServiceOutput output;
    ScheduledFuture<?> killTimer;

    ScriptRun(Child child, ServiceOutput output) {
        this.child = child;
        this.output = output;
    }

    /** Its time is up: SIGKILL to it and what it started. */
    void kill() {
        child.signalGroup(Signal.KILL);
    }

    /** It was reaped: its timer, output and leftovers go. */
    void ended() {
        if (killTimer != null) {
            killTimer.cancel(false);
        }
        output.close();
        child.signalGroup(Signal.KILL);
    }

    /** How the end is reported: the exit status, or null when Capstan lost track of it. */
    interface End {
        void ended(ExitStatus status);
    }
}
