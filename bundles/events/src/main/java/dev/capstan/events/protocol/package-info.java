/**
 * supervisord's event listener protocol on the wire, as supervisor/dispatchers.py and
 * supervisor/process.py implement it: what a listener writes ({@code READY}, {@code RESULT}),
 * the header before each event, and each event type's payload (supervisor/events.py). Pure
 * functions and one state machine, no threads and no I/O.
 */
package dev.capstan.events.protocol;
