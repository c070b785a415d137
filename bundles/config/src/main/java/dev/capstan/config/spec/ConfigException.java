package dev.capstan.config.spec;

import java.util.ArrayList;
import java.util.List;

/**
 * A configuration that cannot be used, with the place to fix it. The message reads
 * {@code capstan.conf:12: startsecs=abc: not a number}: location, what (a key, a key=value or a
 * section), then the problem. A reader that found several problems throws one exception for all
 * of them ({@link #of}), whose message has one such line per problem, so that a file is fixed in
 * one round and not one error per boot.
 */
public class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient Location location;
    private final String subject;
    private final String problem;
    private final transient List<ConfigException> problems;

    public ConfigException(Location location, String subject, String problem) {
        super(location + ": " + (subject == null ? "" : subject + ": ") + problem);
        this.location = location;
        this.subject = subject;
        this.problem = problem;
        this.problems = List.of(this);
    }

    private ConfigException(List<ConfigException> problems) {
        super(String.join("\n", problems.stream().map(ConfigException::getMessage).toList()));
        ConfigException first = problems.get(0);
        this.location = first.location;
        this.subject = first.subject;
        this.problem = first.problem;
        this.problems = List.copyOf(problems);
    }

    /**
     * One exception for every problem, in the order found; each of {@code found} may itself hold
     * several.
     *
     * @param found at least one
     */
    public static ConfigException of(List<ConfigException> found) {
        List<ConfigException> all = new ArrayList<>();
        found.forEach(e -> all.addAll(e.problems()));
        return all.size() == 1 ? all.get(0) : new ConfigException(all);
    }

    /** Where the (first) problem is. */
    public Location location() {
        return location;
    }

    /** The key, {@code key=value} or {@code [section]} the (first) problem is about; null for the whole file. */
    public String subject() {
        return subject;
    }

    public String problem() {
        return problem;
    }

    /** Every problem, each with its own location; this one alone when there is one. */
    public List<ConfigException> problems() {
        return problems;
    }
}
