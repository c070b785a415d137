/**
 * The Unix domain control socket that {@code capstanctl} talks to: each connection runs one
 * command line in a fresh Gogo session and streams its output and exit code back in the frames
 * of docs/control.md. Only root, Capstan's user and the socket's owner are served.
 */
package dev.capstan.control;
