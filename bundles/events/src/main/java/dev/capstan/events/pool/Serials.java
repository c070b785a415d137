package dev.capstan.events.pool;

/**
 * A counter of event serials, as supervisord's {@code new_serial}: the first is 0, and after
 * Python's {@code sys.maxsize} comes 0 again. One counts for all of Capstan ({@code serial}), one
 * per pool ({@code poolserial}).
 */
final class Serials {
    private long last = -1;

    long next() {
        last = last == Long.MAX_VALUE ? 0 : last + 1;
        return last;
    }
}
