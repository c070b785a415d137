/**
 * The logs bundle's {@link dev.capstan.api.ServiceLogs} service: for each run of each service,
 * where each stream goes (the console, a log file Capstan writes, a file the child writes itself,
 * or nowhere) and what Capstan keeps of it across runs for {@code tail}, {@code clear} and
 * {@code reopen}. {@link dev.capstan.logs.LogsComponent} is the DS component;
 * {@link dev.capstan.logs.LogBook} does the work.
 */
package dev.capstan.logs;
