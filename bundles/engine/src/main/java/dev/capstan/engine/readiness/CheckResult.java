package dev.capstan.engine.readiness;

/**
 * The outcome of one attempt of a check.
 *
 * @param passed whether the check passed
 * @param detail why it failed, in words ("connect 127.0.0.1:8080: Connection refused"); empty when passed
 */
public record CheckResult(boolean passed, String detail) {

    public static final CheckResult PASSED = new CheckResult(true, "");

    public static CheckResult failed(String detail) {
        return new CheckResult(false, detail);
    }
}
