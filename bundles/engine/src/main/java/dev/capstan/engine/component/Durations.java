package dev.capstan.engine.component;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Locale;

/**
 * Reads a duration from a configuration property as the INI keys write them: seconds, as a
 * number or a string ({@code 8}, {@code "2.5"}), or with a unit ({@code "500ms"}, {@code "8s"}).
 */
final class Durations {

    private Durations() {
    }

    /** @throws IllegalArgumentException naming the value when it is not a duration */
    static Duration parse(Object value) {
        String text = String.valueOf(value).trim().toLowerCase(Locale.ROOT);
        BigDecimal unit = BigDecimal.ONE;
        if (text.endsWith("ms")) {
            text = text.substring(0, text.length() - 2).trim();
            unit = new BigDecimal("0.001");
        } else if (text.endsWith("s")) {
            text = text.substring(0, text.length() - 1).trim();
        }
        try {
            BigDecimal seconds = new BigDecimal(text).multiply(unit);
            if (seconds.signum() < 0) {
                throw new NumberFormatException();
            }
            return Duration.ofNanos(seconds.movePointRight(9).longValueExact());
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException(value + ": not a duration in seconds");
        }
    }
}
