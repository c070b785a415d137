package dev.capstan.etcd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.SocketFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The JSON gateway client against a real etcd the test starts (Debian's etcd-server). */
class GatewayTest {

    @TempDir
    static java.nio.file.Path dir;
    private static EtcdServer etcd;

    @BeforeAll
    static void startEtcd() throws Exception {
        assumeTrue(EtcdServer.installed(), "needs etcd and etcdctl (Debian etcd-server, etcd-client)");
        etcd = EtcdServer.start(dir);
    }

    @AfterAll
    static void stopEtcd() throws Exception {
        if (etcd != null) {
            etcd.close();
        }
    }

    private static Gateway gateway() {
        return new Gateway(URI.create(etcd.endpoint()), SocketFactory.getDefault(), Duration.ofSeconds(10));
    }

    @Test
    void rangeReadsAPrefixAndNotItsNeighbourAtARevision() throws Exception {
        etcd.put("/range/n1/easytier/enable", "true");
        long first = etcd.put("/range/n1/services/web", "[program:web]\ncommand = sleep 100\n");
        etcd.put("/range/n10/easytier/enable", "false"); // /range/n1 without its slash would read this too
        etcd.put("/range/n1/easytier/enable", "false");
        try (Gateway g = gateway()) {
            Range now = g.range("/range/n1/", true, 0);
            assertEquals(etcd.revision(), now.revision(), "the header's revision, a string in JSON");
            assertEquals(List.of("/range/n1/easytier/enable", "/range/n1/services/web"), now.kvs().stream().map(KeyValue::key).toList());
            assertEquals("false", now.kvs().get(0).value());
            assertEquals("[program:web]\ncommand = sleep 100\n", now.kvs().get(1).value(), "newlines survive base64");
            assertEquals(first, now.kvs().get(1).modRevision());

            Range then = g.range("/range/n1/", true, first);
            assertEquals("true", then.kvs().get(0).value(), "the key as it was at that revision");
            assertEquals(1, g.range("/range/n1/easytier/enable", false, 0).kvs().size(), "one key");
            assertTrue(g.range("/range/none/", true, 0).kvs().isEmpty());
        }
    }

    @Test
    void aWatchBringsPutsAndDeletesFromItsStartRevisionInOrder() throws Exception {
        long start = etcd.put("/watch/a", "1");
        etcd.put("/watch/b", "2");
        etcd.ctl("del", "/watch/a");
        try (Gateway g = gateway()) {
            Watch w = g.watch("/watch/", true, start);
            assertTrue(w.next().created());
            List<WatchResponse.Event> replayed = new java.util.ArrayList<>();
            while (replayed.size() < 3) {
                replayed.addAll(w.next().events());
            }
            assertEquals("/watch/a", replayed.get(0).kv().key());
            assertEquals("1", replayed.get(0).kv().value());
            assertEquals(start, replayed.get(0).kv().modRevision());
            assertFalse(replayed.get(0).delete(), "a PUT has no type in the gateway's JSON");
            assertEquals("/watch/b", replayed.get(1).kv().key());
            assertTrue(replayed.get(2).delete());
            assertEquals("/watch/a", replayed.get(2).kv().key());

            CompletableFuture<WatchResponse> live = CompletableFuture.supplyAsync(() -> {
                try {
                    return w.next();
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
            });
            Thread.sleep(200);
            assertFalse(live.isDone(), "the watch waits while nothing happens");
            long put = etcd.put("/watch/c", "3");
            WatchResponse r = live.get(20, TimeUnit.SECONDS);
            assertEquals("/watch/c", r.events().get(0).kv().key());
            assertEquals(put, r.events().get(0).kv().modRevision());
        }
    }

    @Test
    void aCompactedRevisionCancelsTheWatchAndFailsTheRange() throws Exception {
        long old = etcd.put("/compact/k", "1");
        etcd.put("/compact/k", "2");
        long now = etcd.put("/compact/k", "3");
        etcd.ctl("compact", Long.toString(now));
        try (Gateway g = gateway()) {
            Watch w = g.watch("/compact/", true, old);
            assertTrue(w.next().created());
            WatchResponse canceled = w.next();
            assertTrue(canceled.canceled());
            assertEquals(now, canceled.compactRevision());
            EtcdException e = assertThrows(EtcdException.class, () -> g.range("/compact/", true, old));
            assertEquals(EtcdException.COMPACTED, e.code());
            assertTrue(e.getMessage().contains("compacted"), e.getMessage());
        }
    }

    @Test
    void aWatchThatWaitsEndsWhenTheGatewayIsClosedFromAnotherThread() throws Exception {
        Gateway g = gateway();
        Watch w = g.watch("/closing/", true, etcd.revision() + 1);
        assertTrue(w.next().created());
        CompletableFuture<Void> closed = CompletableFuture.runAsync(() -> {
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            g.close();
        });
        assertThrows(IOException.class, w::next);
        closed.get(20, TimeUnit.SECONDS);
    }

    @Test
    void anUnreachableEndpointIsAnIOException() throws Exception {
        int port;
        try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
            port = free.getLocalPort();
        }
        try (Gateway g = new Gateway(URI.create("http://127.0.0.1:" + port), SocketFactory.getDefault(), Duration.ofSeconds(5))) {
            assertThrows(java.net.ConnectException.class, () -> g.range("/x/", true, 0));
        }
    }

    @Test
    void rangeEndIsThePrefixWithItsLastByteIncreased() {
        assertEquals("/nodes/n10", decoded(Gateway.rangeEnd("/nodes/n1/")));
        assertEquals("/commit", decoded(Gateway.rangeEnd("/commis")));
        byte[] end = Base64.getDecoder().decode(Gateway.rangeEnd("/\u00e9"));
        assertEquals(List.of((byte) '/', (byte) 0xc3, (byte) 0xaa), List.of(end[0], end[1], end[2]), "U+00E9 is C3 A9: A9 goes up");
    }

    private static String decoded(String base64) {
        return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
    }
}
