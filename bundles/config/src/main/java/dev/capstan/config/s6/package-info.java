/**
 * The fourth reader: s6-overlay's trees, read into the same key/values, ServiceSpecs and
 * ConfigAdmin path as the INI and YAML files. v3's s6-rc source definition directories
 * ({@code /etc/s6-overlay/s6-rc.d/NAME/}, bundles, {@code user/contents.d}) and the legacy
 * {@code /etc/cont-init.d}, {@code /etc/services.d} and {@code /etc/cont-finish.d}, with the
 * {@code S6_*} variables of the environment. docs/s6-overlay-migration.md says what each file
 * becomes.
 */
package dev.capstan.config.s6;
