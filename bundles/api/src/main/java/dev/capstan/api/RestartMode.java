package dev.capstan.api;

/**
 * When a service that ended after {@code startsecs} is started again: supervisord's
 * {@code autorestart} (true, unexpected, false), also written {@code restart = always |
 * on-failure | unexpected | no}. {@code on-failure} is {@code unexpected}: with the default
 * {@code exitcodes = 0} both mean "restart unless it exited 0".
 */
public enum RestartMode {
    ALWAYS, UNEXPECTED, NEVER
}
