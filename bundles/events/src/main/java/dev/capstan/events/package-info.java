/**
 * The events bundle in the framework: supervisord's event listeners for Capstan's services
 * (docs/events.md). {@link dev.capstan.events.EventsComponent} claims every listener's stdin and
 * stdout from the engine ({@link dev.capstan.api.StdioClaimant}), takes the output events of the
 * logs bundle ({@link dev.capstan.api.OutputEventSink}), and hears the engine's EventAdmin events
 * through {@link dev.capstan.events.EngineEvents}; {@link dev.capstan.events.PidFile} writes
 * {@code [supervisord] pidfile}.
 */
package dev.capstan.events;
