package dev.capstan.process;

/**
 * How a child ended: it exited with a code, or a signal killed it.
 *
 * @param code   the exit code (0 to 255) when {@link #exited()}, else -1
 * @param signal the signal number when killed by a signal, else 0
 * @param core   whether the kernel wrote a core dump
 */
public record ExitStatus(int code, int signal, boolean core) {

    public static ExitStatus exited(int code) {
        return new ExitStatus(code, 0, false);
    }

    public static ExitStatus killed(int signal, boolean core) {
        return new ExitStatus(-1, signal, core);
    }

    /** Decodes a raw {@code waitpid} status word. */
    public static ExitStatus fromWaitStatus(int status) {
        int termsig = status & 0x7f;
        return termsig == 0
                ? exited((status >> 8) & 0xff)
                : killed(termsig, (status & 0x80) != 0);
    }

    public boolean exited() {
        return signal == 0;
    }

    /** The code a shell (and a container runtime) reports: the exit code, or 128 + signal. */
    public int shellCode() {
        return exited() ? code : 128 + signal;
    }

    @Override
    public String toString() {
        if (exited()) {
            return "exit " + code;
        }
        String name;
        try {
            name = "SIG" + Signal.of(signal).name();
        } catch (IllegalArgumentException e) {
            name = "signal " + signal;
        }
        return "terminated by " + name + (core ? " (core dumped)" : "");
    }
}
