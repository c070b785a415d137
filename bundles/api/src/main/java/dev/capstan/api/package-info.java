/**
 * Capstan's service model and control surface, shared by every bundle.
 *
 * <p>{@link dev.capstan.api.ServiceSpec} is the one model that the INI, YAML and OSGi
 * configuration readers produce. {@link dev.capstan.api.Supervisor} is the one service through
 * which the shell, the control socket and the bundle extender act on services.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.2.0")
package dev.capstan.api;
