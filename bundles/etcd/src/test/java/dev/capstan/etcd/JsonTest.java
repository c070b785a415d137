package dev.capstan.etcd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** etcd's JSON as SnakeYAML reads it: the gateway's own lines, captured from etcd 3.4.23. */
class JsonTest {

    private static Map<String, Object> read(String json) throws EtcdException {
        return Json.object(json.getBytes(StandardCharsets.UTF_8), 1 << 20);
    }

    @Test
    void aWatchEventWithInt64sAsStringsAndBase64() throws Exception {
        Map<String, Object> line = read("{\"result\":{\"header\":{\"cluster_id\":\"15118495548433857066\",\"member_id\":"
                + "\"13668033151171901709\",\"revision\":\"3\",\"raft_term\":\"2\"},\"events\":[{\"kv\":{\"key\":\"L2NvbW1pdA==\","
                + "\"create_revision\":\"3\",\"mod_revision\":\"3\",\"version\":\"1\",\"value\":\"MQ==\"}}]}}");
        WatchResponse r = WatchResponse.of(Json.object(line, "result"));
        assertEquals(1, r.events().size());
        assertEquals(new KeyValue("/commit", "1", 3), r.events().get(0).kv());
        assertEquals(false, r.events().get(0).delete());
        assertEquals(false, r.created());
        assertEquals(3, Json.number(Json.object(Json.object(line, "result"), "header"), "revision"));
    }

    @Test
    void aCancelForCompactionAndAnError() throws Exception {
        WatchResponse canceled = WatchResponse.of(Json.object(read("{\"result\":{\"header\":{\"cluster_id\":\"1\",\"raft_term\":\"2\"},"
                + "\"canceled\":true,\"compact_revision\":\"7\"}}"), "result"));
        assertTrue(canceled.canceled());
        assertEquals(7, canceled.compactRevision());
        Map<String, Object> error = read("{\"error\":\"etcdserver: mvcc: required revision has been compacted\","
                + "\"message\":\"etcdserver: mvcc: required revision has been compacted\",\"code\":11}");
        assertEquals(11, Json.number(error, "code"), "a real number, not a string");
        assertEquals("etcdserver: mvcc: required revision has been compacted", Json.text(error, "message"));
    }

    @Test
    void goEscapesAndWhatIsNotAnObject() throws Exception {
        assertEquals("<a&b>\tc\"d\\", Json.text(read("{\"m\":\"\\u003ca\\u0026b\\u003e\\tc\\\"d\\\\\"}"), "m"));
        assertThrows(EtcdException.class, () -> read("[1,2]"));
        assertThrows(EtcdException.class, () -> read("{\"unterminated\":"));
        assertEquals("{\"name\":\"r\\\"o\\\\o\\u000at\"}", "{\"name\":" + Json.quoted("r\"o\\o\nt") + "}");
        assertEquals("r\"o\\o\nt", Json.text(read("{\"name\":" + Json.quoted("r\"o\\o\nt") + "}"), "name"), "quoted reads back");
    }
}
