/**
 * Capstan's HTTP server as its endpoints see it: one HTTP/1.1 server serves every remote surface
 * (supervisord's XML-RPC, the log tails, capstanctl's command endpoint, health, metrics, the web
 * page) on the control socket ({@code [unix_http_server]}) and, when configured, on TCP
 * ({@code [inet_http_server]}).
 *
 * <p>An endpoint is an OSGi service implementing {@link dev.capstan.http.HttpEndpoint}, registered
 * with the service properties {@link dev.capstan.http.HttpEndpoint#PATH} and, optionally,
 * {@link dev.capstan.http.HttpEndpoint#TIER}. The server decides who calls ({@link dev.capstan.http.Peer})
 * before an endpoint sees a request: on the Unix socket by the peer's uid, on TCP by Basic auth.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package dev.capstan.http;
