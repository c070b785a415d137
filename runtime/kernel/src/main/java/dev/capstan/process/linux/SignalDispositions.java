package dev.capstan.process.linux;

import dev.capstan.process.Signal;

/**
 * Signal dispositions this process inherited. A signal ignored when Capstan starts ({@code nohup},
 * {@code trap '' TERM; exec capstan}) stays ignored through exec, and HotSpot will not handle
 * HUP, INT or TERM while they are: {@code sun.misc.Signal.handle} returns {@code SIG_IGN} and
 * installs nothing (JVM_RegisterSignal keeps a shutdown signal that is ignored ignored), so such a
 * Capstan would never stop on SIGTERM. supervisord installs its handlers regardless; Capstan sets
 * those signals back to their default action first, then installs its own.
 */
public final class SignalDispositions {

    /** {@code sizeof(struct sigaction)} is 152 on x86-64 and aarch64; the handler comes first. */
    private static final int SIGACTION_SIZE = 256;
    private static final long SIG_IGN = 1;

    private SignalDispositions() {
    }

    /**
     * Sets {@code signal} to its default action if it is ignored; a handler in place is left
     * alone. Call before {@code sun.misc.Signal.handle}, from a thread that does not race another
     * change of the same signal's disposition.
     *
     * @return whether it was ignored
     * @throws IllegalStateException with the system's reason when sigaction fails
     */
    public static boolean unignore(Signal signal) {
        long action = Libc.IO.allocateMemory(SIGACTION_SIZE, true);
        try {
            Native.check(Libc.sigaction(signal.number(), 0, action), "sigaction SIG" + signal.name());
            if (Libc.IO.getAddress(action) != SIG_IGN) {
                return false;
            }
            Libc.IO.setMemory(action, SIGACTION_SIZE, (byte) 0); // SIG_DFL, no flags, empty mask
            Native.check(Libc.sigaction(signal.number(), action, 0), "sigaction SIG" + signal.name());
            return true;
        } catch (NativeException e) {
            throw new IllegalStateException(e.getMessage(), e);
        } finally {
            Libc.IO.freeMemory(action);
        }
    }
}
