/**
 * Capstan's own log: logback (on the launcher classpath) bridged into the logs bundle while it is
 * active, so that Capstan's lines share the console, its lock and its format with the services'
 * lines, and are kept in memory for {@code maintail}.
 */
package dev.capstan.logs.mainlog;
