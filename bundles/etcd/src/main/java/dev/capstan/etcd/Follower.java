package dev.capstan.etcd;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.net.SocketFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The source's thread, {@code capstan-etcd}: reads the node's keys, applies them, then watches
 * (docs/fleet.md, "How it follows etcd"). With a commit key it watches that key and, for each
 * write of it, applies the node's keys as they were at that revision; without one it watches
 * the node's prefix and applies each change. It remembers the last revision it has read, so
 * after a lost connection the new watch starts right after it and replays what happened
 * meanwhile, once; when etcd has compacted that revision away it reads the keys again instead.
 *
 * <p>While etcd cannot be reached, the services run on untouched, and the thread tries the next
 * endpoint at once, then, after every endpoint failed, sleeps 1 s, 2 s, ... up to 30 s between
 * rounds. It logs once when the connection is lost and once when it is back, not at every try.
 * While connected and idle it blocks in the watch's read: no timer, no polling.
 */
final class Follower implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(Follower.class);
    private static final Duration FIRST_DELAY = Duration.ofSeconds(1);
    private static final Duration LAST_DELAY = Duration.ofSeconds(30);
    /** For connecting and for each reply but the watch's messages. */
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final EtcdSettings settings;
    private final SocketFactory tls;
    private final Applier applier;
    private final Thread thread;
    private volatile boolean stopped;
    private volatile Gateway gateway;
    private volatile SourceStatus status;

    /** The revision read up to: every change up to it has been seen. 0 before the first read. */
    private long revision;
    /** Without a commit key: the node's keys as the watch has brought them. */
    private final Map<String, KeyValue> keys = new TreeMap<>();
    private int endpoint;
    /** Endpoints that failed since the last good connection or the last sleep. */
    private int failedInRound;
    private Duration delay = FIRST_DELAY;
    private boolean connected;
    private Instant since = Instant.now();
    private String problem;
    private Applied last;

    /** @param tls the sockets for https endpoints; null when there are none */
    Follower(EtcdSettings settings, SocketFactory tls, Applier applier) {
        this.settings = settings;
        this.tls = tls;
        this.applier = applier;
        this.thread = new Thread(this, "capstan-etcd");
        this.thread.setDaemon(true);
        publishStatus();
    }

    void start() {
        thread.start();
    }

    /** Ends the thread: a read that waits is cut, a sleep woken, a hook killed. Returns once it ended (at most 10 s). */
    void stop() throws InterruptedException {
        stopped = true;
        Gateway g = gateway;
        if (g != null) {
            g.close();
        }
        thread.interrupt();
        thread.join(TIMEOUT.toMillis());
    }

    SourceStatus status() {
        return status;
    }

    @Override
    public void run() {
        LOG.info("etcd: following {} at {}, {}", settings.prefix(), settings.endpoints(), settings.commitKey() == null
                ? "applying each change as it comes" : "applying when " + settings.commitKey() + " is written");
        while (!stopped) {
            URI uri = settings.endpoints().get(endpoint);
            Gateway g = new Gateway(uri, uri.getScheme().equals("https") ? tls : SocketFactory.getDefault(), TIMEOUT);
            gateway = g;
            try {
                if (stopped) {
                    return;
                }
                if (settings.username() != null) {
                    g.authenticate(settings.username(), settings.password());
                }
                follow(g);
            } catch (IOException | RuntimeException e) {
                if (stopped) {
                    return;
                }
                if (e instanceof RuntimeException) {
                    LOG.error("etcd: {}", e.toString(), e); // a bug, not etcd; retried like a lost connection
                }
                lost(uri, e);
                if (!sleepAfterFailure()) {
                    return;
                }
            } catch (InterruptedException e) {
                return;
            } finally {
                g.close();
            }
        }
    }

    /** Reads, applies and watches until the connection breaks. */
    private void follow(Gateway g) throws IOException, InterruptedException {
        if (revision == 0) {
            readAll(g, false);
        }
        boolean commits = settings.commitKey() != null;
        String watched = commits ? settings.commitKey() : settings.prefix();
        while (true) {
            Watch watch = g.watch(watched, !commits, revision + 1);
            WatchResponse response = watch.next();
            if (!response.created()) {
                throw new EtcdException("the watch was not created: " + response);
            }
            connected(g.endpoint());
            while (true) {
                response = watch.next();
                if (response.canceled()) {
                    if (response.compactRevision() == 0) {
                        throw new EtcdException("the watch was canceled: " + response.cancelReason());
                    }
                    LOG.info("etcd: revision {} was compacted (to {}); reading the keys again", revision + 1,
                            response.compactRevision());
                    readAll(g, true);
                    break; // a new watch from the new revision
                }
                changed(g, response.events());
            }
            watch.close();
        }
    }

    /**
     * Reads the node's keys whole and applies them: at the start, and when the watch's revision
     * was compacted. With a commit key, they are applied as they were when it was last written
     * (at the start: whatever was written last; after a compaction: only if it was written since
     * the last revision read), so keys being written but not yet committed are never applied.
     */
    private void readAll(Gateway g, boolean afterCompaction) throws IOException, InterruptedException {
        if (settings.commitKey() == null) {
            Range range = g.range(settings.prefix(), true, 0);
            keys.clear();
            for (KeyValue kv : range.kvs()) {
                keys.put(kv.key(), kv);
            }
            revision = range.revision();
            connected(g.endpoint());
            apply(keys.values(), revision, g.endpoint());
            return;
        }
        Range commit = g.range(settings.commitKey(), false, 0);
        long committed = commit.kvs().isEmpty() ? 0 : commit.kvs().get(0).modRevision();
        long seen = revision;
        revision = commit.revision();
        connected(g.endpoint());
        if (!afterCompaction || committed > seen) {
            Range range = stateAt(g, committed);
            apply(range.kvs(), committed > 0 ? committed : range.revision(), g.endpoint());
        }
    }

    /** Events of the watch. */
    private void changed(Gateway g, List<WatchResponse.Event> events) throws IOException, InterruptedException {
        long committed = 0;
        for (WatchResponse.Event e : events) {
            revision = Math.max(revision, e.kv().modRevision());
            if (settings.commitKey() == null) {
                if (e.delete()) {
                    keys.remove(e.kv().key());
                } else {
                    keys.put(e.kv().key(), e.kv());
                }
            } else if (!e.delete()) {
                committed = e.kv().modRevision();
            }
        }
        if (settings.commitKey() == null) {
            apply(keys.values(), revision, g.endpoint());
        } else if (committed > 0) {
            apply(stateAt(g, committed).kvs(), committed, g.endpoint());
        }
    }

    /** The node's keys at a revision; now, when it is 0 or was compacted meanwhile. */
    private Range stateAt(Gateway g, long at) throws IOException {
        try {
            return g.range(settings.prefix(), true, at);
        } catch (EtcdException e) {
            if (e.code() != EtcdException.COMPACTED) {
                throw e;
            }
            return g.range(settings.prefix(), true, 0);
        }
    }

    private void apply(Collection<KeyValue> kvs, long at, URI from) throws InterruptedException {
        Applied applied;
        try {
            applied = applier.apply(NodeKeys.of(settings.prefix(), kvs), at, from);
        } catch (RuntimeException e) {
            LOG.error("etcd: revision {} not applied: {}", at, e.toString(), e);
            applied = new Applied(Instant.now(), at, "", e.toString());
        }
        if (applied.error() != null) {
            LOG.error("etcd: revision {} not applied, nothing changed:\n{}", at, applied.error());
        } else if (applied.changed()) {
            LOG.info("etcd: applied revision {}: {}", at, applied.summary());
        } else {
            LOG.debug("etcd: applied revision {}: {}", at, applied.summary());
        }
        last = applied;
        publishStatus();
    }

    private void connected(URI uri) {
        failedInRound = 0;
        delay = FIRST_DELAY;
        if (!connected) {
            LOG.info("etcd: connected to {}{} (revision {})", uri, problem == null ? ""
                    : " after " + Duration.between(since, Instant.now()).toSeconds() + " s away", revision);
            connected = true;
            problem = null;
            since = Instant.now();
        }
        publishStatus();
    }

    private void lost(URI uri, Exception e) {
        String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (connected || problem == null) {
            LOG.warn("etcd: {} {}: {}; services keep running as they are; trying {} again, every 1 s to 30 s",
                    connected ? "lost" : "cannot reach", uri, why, settings.endpoints().size() > 1 ? "each endpoint" : "it");
            since = Instant.now();
        } else {
            LOG.debug("etcd: {}: {}", uri, why);
        }
        connected = false;
        problem = why;
        publishStatus();
    }

    /** The next endpoint at once; after a whole round failed, a sleep that doubles up to 30 s. */
    private boolean sleepAfterFailure() {
        endpoint = (endpoint + 1) % settings.endpoints().size();
        if (++failedInRound < settings.endpoints().size()) {
            return true;
        }
        failedInRound = 0;
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            return false;
        }
        delay = delay.multipliedBy(2).compareTo(LAST_DELAY) > 0 ? LAST_DELAY : delay.multipliedBy(2);
        return !stopped;
    }

    private void publishStatus() {
        status = new SourceStatus(settings.endpoints().get(endpoint).toString(), connected, since, problem, revision, last);
    }
}
