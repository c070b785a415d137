/**
 * supervisord's output events: the bytes of a stream whose {@link dev.capstan.api.LogSpec} asks
 * for them ({@code stdout_events_enabled}, {@code stdout_capture_maxbytes}) handed to the
 * {@link dev.capstan.api.OutputEventSink} (the events bundle) as PROCESS_LOG and
 * PROCESS_COMMUNICATION events, and capture mode taking what is written between
 * {@code <!--XSUPERVISOR:BEGIN-->} and {@code <!--XSUPERVISOR:END-->} out of the log. Only such
 * streams are read for it: every other keeps its path without copies.
 */
package dev.capstan.logs.events;
