/**
 * {@code capstan --check}: the configuration file read as the config bundle reads it at boot,
 * outside the framework, its warnings and errors printed, and with {@code --json} the services it
 * resolves to.
 */
package dev.capstan.config.check;
