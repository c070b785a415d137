/**
 * The configuration bundle: reads the file given with {@code -c}, supervisord INI or services
 * YAML ({@link dev.capstan.config.ConfigFileReader}), into the one model of
 * {@code dev.capstan.config.spec}, and publishes it through ConfigAdmin
 * ({@code dev.capstan.config.admin}); service bundles take the same path
 * ({@code dev.capstan.config.extender}). Nothing here is exported.
 */
package dev.capstan.config;
