package dev.capstan.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.capstan.api.ServiceSpec;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class BackoffTest {

    @Test
    void doublesFromTheInitialDelayUpToTheMaximum() {
        ServiceSpec spec = ServiceSpec.builder("a", List.of("true"))
                .backoffInitial(Duration.ofMillis(100)).backoffMax(Duration.ofMillis(700)).build();
        assertEquals(List.of(100L, 200L, 400L, 700L, 700L),
                List.of(1, 2, 3, 4, 50).stream().map(n -> Backoff.delay(spec, n).toMillis()).toList());
    }

    @Test
    void defaultsAreOneSecondDoublingToThirty() {
        ServiceSpec spec = ServiceSpec.builder("a", List.of("true")).build();
        assertEquals(List.of(1L, 2L, 4L, 8L, 16L, 30L),
                List.of(1, 2, 3, 4, 5, 6).stream().map(n -> Backoff.delay(spec, n).toSeconds()).toList());
    }

    @Test
    void breakerTripsOnTheRestartPastTheLimitWithinTheWindow() {
        CrashLoopBreaker breaker = new CrashLoopBreaker(3, Duration.ofSeconds(60));
        long t = 0;
        for (int i = 0; i < 3; i++) {
            assertFalse(breaker.trips(t + i));
            breaker.record(t + i);
        }
        assertTrue(breaker.trips(t + 3));
        // Once the oldest restarts leave the window, restarts are allowed again.
        assertFalse(breaker.trips(t + Duration.ofSeconds(61).toNanos()));
    }

    @Test
    void withLimitZeroItNeverTripsButRestartsPastTheImmediateOnesWait() {
        CrashLoopBreaker breaker = new CrashLoopBreaker(0, Duration.ofSeconds(60));
        for (int i = 0; i < 1000; i++) {
            assertFalse(breaker.trips(i));
            assertEquals(Math.max(0, i - CrashLoopBreaker.IMMEDIATE + 1), breaker.beyondImmediate(i));
            breaker.record(i);
        }
        assertEquals(0, breaker.beyondImmediate(Duration.ofSeconds(61).toNanos()), "the window forgot them");
    }
}
