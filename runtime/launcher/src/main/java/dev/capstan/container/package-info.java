/**
 * The container around the supervisor: the launcher's side of shutdown, reload and exit codes,
 * and the container's console.
 *
 * <p>Exported to bundles through {@code org.osgi.framework.system.packages.extra} at 1.0.0.
 * The launcher registers {@link dev.capstan.container.Container}; bundles register
 * {@link dev.capstan.container.ContainerListener}s (whiteboard) to hear about signals, and write
 * Capstan's stdout and stderr through the one {@link dev.capstan.container.ConsoleWriter}. The
 * config bundle also provides {@link dev.capstan.container.ConfigCheck}, which the launcher loads
 * without the framework for {@code capstan --check}.
 */
package dev.capstan.container;
