/**
 * The one model every configuration source goes through: key/values in INI key names, where they
 * were written ({@link dev.capstan.config.spec.Location}), and the one validating parser that
 * turns them into {@link dev.capstan.api.ServiceSpec}s
 * ({@link dev.capstan.config.spec.ServiceSpecParser}). Errors name file, line and key.
 */
package dev.capstan.config.spec;
