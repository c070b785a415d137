package dev.capstan.process;

import java.util.Locale;

/**
 * The Linux signals a supervisor sends or handles, with their x86-64/arm64 numbers.
 * Names parse as supervisord writes them: {@code TERM}, {@code SIGTERM} or {@code 15}.
 */
public enum Signal {
    HUP(1), INT(2), QUIT(3), ILL(4), TRAP(5), ABRT(6), BUS(7), FPE(8), KILL(9), USR1(10),
    SEGV(11), USR2(12), PIPE(13), ALRM(14), TERM(15), STKFLT(16), CHLD(17), CONT(18), STOP(19),
    TSTP(20), TTIN(21), TTOU(22), URG(23), XCPU(24), XFSZ(25), VTALRM(26), PROF(27), WINCH(28),
    IO(29), PWR(30), SYS(31);

    private final int number;

    Signal(int number) {
        this.number = number;
    }

    public int number() {
        return number;
    }

    /** @throws IllegalArgumentException naming the text when it is no known signal */
    public static Signal parse(String text) {
        String t = text.trim().toUpperCase(Locale.ROOT);
        if (!t.isEmpty() && t.chars().allMatch(Character::isDigit)) {
            return of(Integer.parseInt(t));
        }
        if (t.startsWith("SIG")) {
            t = t.substring(3);
        }
        try {
            return valueOf(t);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(text + ": not a signal name or number");
        }
    }

    /** @throws IllegalArgumentException when no signal has that number */
    public static Signal of(int number) {
        for (Signal s : values()) {
            if (s.number == number) {
                return s;
            }
        }
        throw new IllegalArgumentException(number + ": not a signal number");
    }
}
