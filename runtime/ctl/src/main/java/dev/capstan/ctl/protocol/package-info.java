/**
 * What capstanctl and Capstan's command endpoint agree on, defined once for both ends: the
 * endpoint's path and media type, the frames that carry a command's stdout, stderr and exit code
 * (docs/control.md, "Protocol"), and the default control socket. The launcher exports this package
 * to bundles (org.osgi.framework.system.packages.extra), so the server uses these very classes.
 */
package dev.capstan.ctl.protocol;
