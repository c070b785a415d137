/**
 * {@code capstanctl}: supervisorctl for Capstan, a client of the control socket that runs one
 * command or an interactive shell. It depends on the JDK alone, so a call costs little more than
 * a JVM start.
 */
package dev.capstan.ctl;
