package dev.capstan.api;

/** {@code type =} in the configuration. */
public enum ServiceType {
    /** A long-running service, supervised and restarted by policy. */
    LONGRUN,
    /** Runs to completion; {@code :done} dependents start after it exits with an expected code. */
    ONESHOT
}
