/**
 * supervisord's streaming log tails as endpoints of Capstan's HTTP server:
 * {@code /logtail/NAME[/stdout|/stderr]} and {@code /mainlogtail}, which supervisorctl's
 * {@code tail -f} and {@code maintail -f} read, chunk by chunk.
 */
package dev.capstan.xmlrpc.tail;
