package dev.capstan.etcd;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One message of a watch stream: the watch was created, or canceled (with the revision it was
 * compacted to when its start revision was too old), or events happened.
 *
 * @param compactRevision the oldest revision etcd still has, when the watch was canceled for compaction; else 0
 * @param events          PUTs and DELETEs in revision order
 */
record WatchResponse(boolean created, boolean canceled, long compactRevision, String cancelReason, List<Event> events) {

    /**
     * One change of a key.
     *
     * @param kv for a DELETE, the key and the revision that deleted it (no value)
     */
    record Event(boolean delete, KeyValue kv) {
    }

    WatchResponse {
        events = List.copyOf(events);
    }

    /** From {@code {"result":{...}}}; a PUT carries no {@code type} (proto3 leaves out the default). */
    static WatchResponse of(Map<String, Object> result) throws EtcdException {
        List<Event> events = new ArrayList<>();
        for (Map<String, Object> e : Json.objects(result, "events")) {
            events.add(new Event(Json.text(e, "type").equals("DELETE"), KeyValue.of(Json.object(e, "kv"))));
        }
        return new WatchResponse(Json.flag(result, "created"), Json.flag(result, "canceled"),
                Json.number(result, "compact_revision"), Json.text(result, "cancel_reason"), events);
    }
}
