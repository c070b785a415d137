/**
 * The etcd source (docs/fleet.md): a node's services switched on and off, and defined, by the
 * keys under its prefix in etcd, applied when the commit key is written (or as each change
 * comes). It reads etcd's v3 JSON gateway ({@code /v3/kv/range}, {@code /v3/watch}) with the
 * HTTP bundle's client and parses the JSON with SnakeYAML; what it reads goes to the config
 * bundle's {@link dev.capstan.api.ServiceSources}, the same ConfigAdmin path every source takes.
 *
 * <p>One thread, {@code capstan-etcd}, does everything while the source is configured: it
 * connects, reads, applies and then blocks on the watch; while etcd cannot be reached it sleeps
 * between tries. The command runs on Gogo's thread and only reads the source's {@link
 * dev.capstan.etcd.SourceStatus}.
 */
package dev.capstan.etcd;
