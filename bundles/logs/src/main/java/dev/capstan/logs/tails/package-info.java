/**
 * What {@code tail} and {@code tail -f} read: the bounded in-memory tail of a stream, the ends
 * of log files, and followers, which get new bytes on the logs executor so that no follower can
 * slow a service down.
 */
package dev.capstan.logs.tails;
