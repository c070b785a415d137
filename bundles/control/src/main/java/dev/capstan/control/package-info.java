/**
 * capstanctl's command endpoint ({@code POST /capstan/command} on Capstan's HTTP server): runs a
 * command line and streams its stdout, stderr and exit code back as frames. Administrators'
 * lines go to Gogo; operators' lines must be one of supervisorctl's verbs with plain words,
 * which are handed to the verb without being parsed as Gogo.
 *
 * <p>Threads: the HTTP connection's thread reads the request and then waits for the client to
 * hang up; the command runs on a thread of the endpoint's pool, plus the threads Gogo gives its
 * session. Whichever ends first ends the other.
 */
package dev.capstan.control;
