package dev.capstan.engine.component;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationsTest {

    @Test
    void secondsAsNumbersOrTextWithOrWithoutUnits() {
        assertEquals(Duration.ofSeconds(8), Durations.parse(8));
        assertEquals(Duration.ofSeconds(8), Durations.parse(8L));
        assertEquals(Duration.ofMillis(2500), Durations.parse("2.5"));
        assertEquals(Duration.ofSeconds(5), Durations.parse(" 5s "));
        assertEquals(Duration.ofMillis(500), Durations.parse("500ms"));
        assertEquals(Duration.ofMillis(1500), Durations.parse(1.5d));
    }

    @Test
    void rejectsWhatIsNotADuration() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Durations.parse("soon"));
        assertEquals("soon: not a duration in seconds", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Durations.parse("-1"));
    }
}
