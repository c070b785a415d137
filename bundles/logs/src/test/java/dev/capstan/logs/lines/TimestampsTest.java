package dev.capstan.logs.lines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.junit.jupiter.api.Test;

class TimestampsTest {

    private static final DateTimeFormatter ISO =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    @Test
    void formatsLikeTheIsoPatternAcrossSecondsAndDays() {
        Timestamps clock = new Timestamps();
        long[] times = {0, 1, 9, 10, 99, 100, 999, 1000, 1001, 59_999, 60_000, 86_399_999, 86_400_000,
                1_748_779_200_123L, 1_748_779_200_999L, 1_748_779_201_000L, -1, -999, -1000, -1001};
        for (long t : times) {
            assertEquals(ISO.format(Instant.ofEpochMilli(t)), new String(clock.at(t), StandardCharsets.US_ASCII),
                    "at " + t);
        }
    }

    @Test
    void theSameMillisecondGivesTheSameBytes() {
        Timestamps clock = new Timestamps();
        byte[] first = clock.at(1_748_779_200_123L);
        assertSame(first, clock.at(1_748_779_200_123L));
        assertEquals("2025-06-01T12:00:00.124Z", new String(clock.at(1_748_779_200_124L), StandardCharsets.US_ASCII));
        assertEquals("2025-06-01T12:00:00.123Z", new String(first, StandardCharsets.US_ASCII));
    }
}
