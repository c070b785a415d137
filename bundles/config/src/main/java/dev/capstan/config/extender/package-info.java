/**
 * The service bundle extender (docs/decisions.md, "Service bundles"): a bundle whose jar holds
 * {@code OSGI-INF/capstan/*.conf} or {@code *.yaml}, or whose manifest has a
 * {@code Capstan-Service} header, defines services while it is active. Its definitions take the
 * same path as every other source: the same readers and parser, published as
 * {@code dev.capstan.service} configurations. It lives in the config bundle, not in the engine,
 * because a service bundle is one more configuration source and the engine reads no formats.
 */
package dev.capstan.config.extender;
