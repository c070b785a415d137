package dev.capstan.config.spec;

/**
 * A configuration that cannot be used, with the place to fix it. The message reads
 * {@code capstan.conf:12: startsec: unknown key, did you mean startsecs?} or
 * {@code capstan.conf:7: startsecs=abc: not a number}: location, what (a key, a key=value or a
 * section), then the problem.
 */
public class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient Location location;
    private final String subject;
    private final String problem;

    public ConfigException(Location location, String subject, String problem) {
        super(location + ": " + (subject == null ? "" : subject + ": ") + problem);
        this.location = location;
        this.subject = subject;
        this.problem = problem;
    }

    public Location location() {
        return location;
    }

    /** The key, {@code key=value} or {@code [section]} the problem is about; null for the whole file. */
    public String subject() {
        return subject;
    }

    public String problem() {
        return problem;
    }
}
