/**
 * The Gogo commands of scope {@code capstan}: supervisorctl's verbs, with its output and exit
 * codes, each implemented once here and reached from the Gogo console, the control socket and
 * {@code capstanctl}. Each command class is a DS component; the rest format and pick services.
 */
package dev.capstan.shell;
