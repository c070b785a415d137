/**
 * Bundle activators that misbehave (never return, throw, end the JVM), packed into bundles by
 * the end-to-end tests of what such a bundle may do to Capstan: nothing.
 */
package dev.capstan.itests.faults;
