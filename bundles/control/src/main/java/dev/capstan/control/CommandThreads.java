package dev.capstan.control;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/** The command threads, {@code capstan-command-N}: daemons. */
final class CommandThreads implements ThreadFactory {
    private final AtomicInteger count = new AtomicInteger();

    @Override
    public Thread newThread(Runnable r) {
        Thread t = new Thread(r, "capstan-command-" + count.incrementAndGet());
        t.setDaemon(true);
        return t;
    }
}
