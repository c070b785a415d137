/**
 * A small blocking HTTP/1.1 client over the server's own parsing code ({@code dev.capstan.http.wire}):
 * requests with Content-Length, responses with Content-Length, chunked or until the end of the
 * connection, read whole or chunk by chunk as they come ({@link dev.capstan.http.client.ClientStream}),
 * over TCP or TLS (javax.net.ssl, the server's certificate checked against the host name), one
 * connection kept alive per client. For Capstan's own calls out (etcd's JSON gateway); it needs no
 * OSGi service. Not thread-safe: one caller at a time per
 * {@link dev.capstan.http.client.HttpClient}.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package dev.capstan.http.client;
