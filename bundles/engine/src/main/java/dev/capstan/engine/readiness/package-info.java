/** Readiness ({@code ready =}) and health ({@code healthcheck =}) checks of services. */
package dev.capstan.engine.readiness;
