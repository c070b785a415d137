/**
 * The launcher: parses the command line, boots the embedded Felix framework with the
 * distribution's bundles, turns container signals into reload, reopen and ordered shutdown, and
 * decides the JVM's exit code. Not exported to bundles.
 */
package dev.capstan.launcher;
