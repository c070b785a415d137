package dev.capstan.events.pool;

import dev.capstan.api.EventType;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * TICK_5, TICK_60 and TICK_3600, as supervisord's {@code tick}: an event when the wall clock
 * enters a new period (a multiple of 5, 60 or 3600 seconds since the epoch), whose payload is that
 * period's start. Unlike supervisord, which looks at the clock once a second whatever happens,
 * there is a timer only while some pool subscribes to a TICK type, on a thread of its own that
 * exists only then, and it wakes at the next boundary of the shortest period subscribed: an idle
 * Capstan without such listeners never wakes up for ticks.
 *
 * <p>Used under the {@link EventHub}'s lock; the timer's task takes that lock itself.
 */
final class Ticker {
    private static final EventType[] TYPES = {EventType.TICK_5, EventType.TICK_60, EventType.TICK_3600};
    private static final long[] PERIODS = {5, 60, 3600};

    private final EventHub hub;
    private final LongSupplier clockMillis;
    private Set<EventType> subscribed = EnumSet.noneOf(EventType.class);
    /** The period each type last announced (or the one it was subscribed in). */
    private final long[] last = new long[TYPES.length];
    private ScheduledThreadPoolExecutor timer;
    private ScheduledFuture<?> next;

    Ticker(EventHub hub, LongSupplier clockMillis) {
        this.hub = hub;
        this.clockMillis = clockMillis;
    }

    /** The TICK types some pool subscribes to now; starts, moves or stops the timer. */
    void subscribe(Set<EventType> types) {
        if (types.equals(subscribed)) {
            return;
        }
        long now = seconds();
        for (int i = 0; i < TYPES.length; i++) {
            if (types.contains(TYPES[i]) && !subscribed.contains(TYPES[i])) {
                last[i] = slice(PERIODS[i], now); // supervisord's "we just started up"
            }
        }
        subscribed = types.isEmpty() ? EnumSet.noneOf(EventType.class) : EnumSet.copyOf(types);
        if (next != null) {
            next.cancel(false);
            next = null;
        }
        if (subscribed.isEmpty()) {
            close();
        } else {
            arm();
        }
    }

    /** The timer fired: every subscribed type whose period rolled over is published, shortest first. */
    void fire() {
        next = null;
        if (subscribed.isEmpty()) {
            return;
        }
        long now = seconds();
        for (int i = 0; i < TYPES.length; i++) {
            if (!subscribed.contains(TYPES[i])) {
                continue;
            }
            long slice = slice(PERIODS[i], now);
            if (slice != last[i]) {
                last[i] = slice;
                hub.tick(TYPES[i], slice);
            }
        }
        arm();
    }

    void close() {
        if (timer != null) {
            timer.shutdownNow();
            timer = null;
        }
    }

    private void arm() {
        long period = 0;
        for (int i = TYPES.length - 1; i >= 0; i--) {
            if (subscribed.contains(TYPES[i])) {
                period = PERIODS[i];
            }
        }
        long nowMillis = clockMillis.getAsLong();
        long boundary = (Math.floorDiv(nowMillis, period * 1000) + 1) * period * 1000;
        if (timer == null) {
            timer = new ScheduledThreadPoolExecutor(1, r -> {
                Thread t = new Thread(r, "capstan-events-tick");
                t.setDaemon(true);
                return t;
            });
            timer.setRemoveOnCancelPolicy(true);
        }
        // A millisecond past the boundary, so the clock reads the new period when it fires.
        next = timer.schedule(hub::tickDue, boundary - nowMillis + 1, TimeUnit.MILLISECONDS);
    }

    private long seconds() {
        return Math.floorDiv(clockMillis.getAsLong(), 1000);
    }

    /** supervisord's {@code timeslice}: the start of the period {@code when} is in. */
    static long slice(long period, long when) {
        return when - Math.floorMod(when, period);
    }
}
