package dev.capstan.events.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class TickerTest {

    @Test
    void aSliceIsThePeriodsStartAsSupervisordsTimeslice() {
        assertEquals(1765000000, Ticker.slice(5, 1765000004));
        assertEquals(1765000005, Ticker.slice(5, 1765000005));
        assertEquals(1764999960, Ticker.slice(60, 1765000004));
        assertEquals(1764997200, Ticker.slice(3600, 1765000004));
    }
}
