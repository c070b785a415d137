package dev.capstan.etcd;

import java.util.List;

/**
 * The keys of a range as they were at one revision.
 *
 * @param revision the store's revision the range was read at ({@code header.revision})
 */
record Range(long revision, List<KeyValue> kvs) {

    Range {
        kvs = List.copyOf(kvs);
    }
}
