/** The {@code services:} YAML schema, read to the same key/values as supervisord.conf. */
package dev.capstan.config.yaml;
