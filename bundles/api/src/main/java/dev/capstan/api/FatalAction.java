package dev.capstan.api;

/** {@code on_fatal =}: what a service going FATAL does to the container. */
public enum FatalAction {
    /** The service stays FATAL; everything else keeps running (supervisord's behaviour). */
    IGNORE,
    /** Capstan shuts down and exits non-zero: the service's last exit code, else 1. */
    SHUTDOWN
}
