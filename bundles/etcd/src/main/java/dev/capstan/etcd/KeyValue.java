package dev.capstan.etcd;

import java.util.Map;

/**
 * One key as etcd holds it, read as UTF-8.
 *
 * @param modRevision the revision that last wrote it
 */
record KeyValue(String key, String value, long modRevision) {

    /** From the gateway's {@code {"key":..., "value":..., "mod_revision":"N"}}. */
    static KeyValue of(Map<String, Object> kv) throws EtcdException {
        return new KeyValue(Json.bytes(kv, "key"), Json.bytes(kv, "value"), Json.number(kv, "mod_revision"));
    }
}
