/**
 * supervisord.conf, read as supervisord 4 reads it: INI syntax with its comment rules,
 * {@code %(name)s} expansions, {@code [include]}, {@code [group:x]}, numprocs.
 */
package dev.capstan.config.ini;
