/**
 * Operations over HTTP: the health checks {@code /healthz} and {@code /readyz}, Prometheus
 * metrics at {@code /metrics}, and the web page at {@code /} with its live status, actions and
 * log tails (docs/operations.md). One endpoint of Capstan's HTTP server ({@link dev.capstan.web.WebEndpoint},
 * at {@code /}, for operators) serves them all; the log tails the page shows are the XML-RPC
 * bundle's {@code /logtail/} and {@code /mainlogtail}. Nothing here installs bundles or runs
 * shell commands.
 */
package dev.capstan.web;
