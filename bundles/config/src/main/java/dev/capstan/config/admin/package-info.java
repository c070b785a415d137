/**
 * The ConfigAdmin path every source takes (docs/decisions.md, "One model, several readers"):
 * configuration files published as ConfigAdmin configurations, and
 * the one consumer that turns every {@code dev.capstan.service} configuration into the engine's
 * services.
 */
package dev.capstan.config.admin;
