package dev.capstan.etcd;

import java.time.Instant;

/**
 * The source as {@code capstan:etcd} shows it; a snapshot made by the source's thread.
 *
 * @param endpoint  the endpoint in use or tried last
 * @param connected whether a watch is open on it
 * @param since     when the connection last changed state
 * @param problem   why etcd cannot be reached, while it cannot; else null
 * @param revision  the revision the source has read up to, 0 before the first read
 * @param last      the last apply, or null before the first
 */
record SourceStatus(String endpoint, boolean connected, Instant since, String problem, long revision, Applied last) {
}
