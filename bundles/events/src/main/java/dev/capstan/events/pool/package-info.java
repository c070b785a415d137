/**
 * The listener pools: one per {@code [eventlistener:x]}, holding the events that wait for its
 * listeners and the listener processes themselves, and the {@link dev.capstan.events.pool.EventHub}
 * that turns what happens in Capstan into supervisord's events and hands them to the pools.
 * Everything here runs under the hub's one lock and does only non-blocking work under it.
 */
package dev.capstan.events.pool;
