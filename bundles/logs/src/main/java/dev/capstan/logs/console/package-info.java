/**
 * Capstan's console: its stdout and stderr shared by every service that logs there and by
 * Capstan's own log, whole lines queued for the process's one console writer, in the text or
 * JSON format of docs/logging.md; and the capture that frames a service's stream onto it.
 */
package dev.capstan.logs.console;
