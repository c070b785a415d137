/**
 * The HTTP/1.1 server: its listeners on the control socket and on TCP, one thread per connection,
 * the request parser, responses, access tiers and the endpoint whiteboard. Private to the bundle.
 *
 * <p>Threads: per listener one accept thread; one thread per connection (which runs the
 * endpoint); a timer thread while some connection has a deadline. SCR's thread (or whichever
 * registers an endpoint) updates the routes; requests read them without a lock.
 */
package dev.capstan.http.server;
