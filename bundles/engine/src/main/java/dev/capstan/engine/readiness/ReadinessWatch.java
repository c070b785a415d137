package dev.capstan.engine.readiness;

import dev.capstan.api.Probe;
import dev.capstan.api.ServiceOutput;
import dev.capstan.process.SpawnRequest;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Waits for one process of a service to become ready, or for {@code ready_timeout} to pass (a
 * zero one never passes).
 *
 * <p>{@code notify:} and {@code log:} are pushed by the service (a newline on the pipe, a matching
 * output line). {@code tcp:}, {@code http://} and {@code exec:} are tried from the spawn on, first
 * after 20 ms and then at a doubling interval up to 1 s: quick to notice a fast service, cheap for
 * a slow one. Every method but the push callbacks runs on the engine's thread, which is also where
 * {@code onReady} and {@code onTimeout} are called; nothing here blocks it.
 */
public final class ReadinessWatch implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ReadinessWatch.class);
    private static final Duration FIRST_POLL = Duration.ofMillis(20);
    private static final Duration MAX_POLL = Duration.ofSeconds(1);
    private static final Duration ATTEMPT_TIMEOUT = Duration.ofSeconds(2);

    private final Probe probe;
    private final ActiveCheck check;
    private final Duration timeout;
    private final ScheduledExecutorService loop;
    private final Runnable onReady;
    private final Consumer<String> onTimeout;

    private boolean closed;
    private long beganNanos;
    private Duration nextPoll = FIRST_POLL;
    private String lastFailure = "";
    private ScheduledFuture<?> timeoutTimer;
    private ScheduledFuture<?> pollTimer;
    private AutoCloseable lineListener;

    /**
     * @param check     the active check for tcp, http and exec probes; null for notify and log
     * @param onReady   called once, when the probe passed
     * @param onTimeout called once, with the reason, when the timeout passed first
     */
    public ReadinessWatch(Probe probe, ActiveCheck check, Duration timeout, ScheduledExecutorService loop,
                          Runnable onReady, Consumer<String> onTimeout) {
        this.probe = probe;
        this.check = check;
        this.timeout = timeout;
        this.loop = loop;
        this.onReady = onReady;
        this.onTimeout = onTimeout;
    }

    /** Before the spawn: hooks the pipe or the output listener, so no early signal is missed. */
    public void prepare(SpawnRequest.Builder request, ServiceOutput output) {
        if (probe instanceof Probe.Notify notify) {
            request.pipe(notify.fd(), new NotifyPipe(() -> loop.execute(this::passed)));
        } else if (probe instanceof Probe.LogMatch log) {
            Pattern pattern = Pattern.compile(log.regex());
            lineListener = output.onLine(line -> {
                if (pattern.matcher(line).find()) {
                    loop.execute(this::passed);
                }
            });
            lastFailure = "no output line matched";
        } else if (check == null) {
            throw new IllegalArgumentException(probe + ": not a readiness check");
        }
    }

    /** After the spawn: starts the clock and the first attempt. */
    public void begin() {
        beganNanos = System.nanoTime();
        if (!timeout.isZero()) { // ready_timeout = 0: as long as it takes, as s6-rc waits without timeout-up
            timeoutTimer = loop.schedule(this::timedOut, timeout.toNanos(), TimeUnit.NANOSECONDS);
        }
        if (check != null) {
            pollTimer = loop.schedule(this::attempt, FIRST_POLL.toNanos(), TimeUnit.NANOSECONDS);
        }
    }

    private void attempt() {
        if (closed) {
            return;
        }
        check.attempt(ATTEMPT_TIMEOUT).whenCompleteAsync((result, error) -> {
            if (closed) {
                return;
            }
            if (result != null && result.passed()) {
                passed();
                return;
            }
            lastFailure = result != null ? result.detail() : String.valueOf(error);
            pollTimer = loop.schedule(this::attempt, nextPoll.toNanos(), TimeUnit.NANOSECONDS);
            nextPoll = nextPoll.multipliedBy(2).compareTo(MAX_POLL) > 0 ? MAX_POLL : nextPoll.multipliedBy(2);
        }, loop);
    }

    private void passed() {
        if (closed) {
            return;
        }
        close();
        onReady.run();
    }

    private void timedOut() {
        if (closed) {
            return;
        }
        close();
        onTimeout.accept("not ready within " + seconds(timeout) + " (" + probe
                + (lastFailure.isEmpty() ? "" : ": " + lastFailure) + ")");
    }

    /** How long the process took to become ready, for the log. */
    public Duration elapsed() {
        return Duration.ofNanos(System.nanoTime() - beganNanos);
    }

    public Probe probe() {
        return probe;
    }

    /** Stops waiting; nothing is called after this. Idempotent. */
    @Override
    public void close() {
        closed = true;
        if (timeoutTimer != null) {
            timeoutTimer.cancel(false);
        }
        if (pollTimer != null) {
            pollTimer.cancel(false);
        }
        if (lineListener != null) {
            try {
                lineListener.close();
            } catch (Exception e) {
                LOG.debug("removing the log readiness listener failed", e);
            }
            lineListener = null;
        }
    }

    static String seconds(Duration d) {
        long ms = d.toMillis();
        return ms % 1000 == 0 ? ms / 1000 + " s" : ms + " ms";
    }
}
