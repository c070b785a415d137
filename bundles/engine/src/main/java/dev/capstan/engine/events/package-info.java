/** Publishing service state changes: EventAdmin events and the one-line log of each. */
package dev.capstan.engine.events;
