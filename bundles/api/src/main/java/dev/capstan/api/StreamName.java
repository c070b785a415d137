package dev.capstan.api;

/** One of a service's two output streams. */
public enum StreamName {
    STDOUT, STDERR
}
