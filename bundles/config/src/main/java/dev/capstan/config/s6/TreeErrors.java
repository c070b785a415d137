package dev.capstan.config.s6;

import dev.capstan.config.spec.ConfigException;
import java.util.ArrayList;
import java.util.List;

/**
 * Every problem of a tree, reported at once: a tree has many small files, and fixing them one
 * boot at a time is no way to migrate. Its message is one line per problem, each naming the file
 * (and line) to fix; the first problem is also its location, subject and problem.
 */
final class TreeErrors extends ConfigException {
    private static final long serialVersionUID = 1L;

    private final transient List<ConfigException> problems;

    private TreeErrors(List<ConfigException> problems) {
        super(problems.get(0).location(), problems.get(0).subject(), problems.get(0).problem());
        this.problems = List.copyOf(problems);
    }

    /** Collects the problems of one read. */
    static final class Collector {
        /** Enough to show what is wrong with any real tree; more is a tree that is not one. */
        static final int MAX = 200;

        private final List<ConfigException> problems = new ArrayList<>();

        void add(ConfigException problem) {
            if (problems.size() < MAX) {
                problems.add(problem);
            }
        }

        boolean isEmpty() {
            return problems.isEmpty();
        }

        int size() {
            return problems.size();
        }

        /** @throws ConfigException (one problem) or TreeErrors (several) when there was any */
        void throwIfAny() {
            if (problems.size() == 1) {
                throw problems.get(0);
            }
            if (!problems.isEmpty()) {
                throw new TreeErrors(problems);
            }
        }
    }

    List<ConfigException> problems() {
        return problems;
    }

    @Override
    public String getMessage() {
        StringBuilder b = new StringBuilder();
        b.append(problems.size()).append(problems.size() >= Collector.MAX ? " or more" : "").append(" problems:");
        for (ConfigException p : problems) {
            b.append("\n  ").append(p.getMessage());
        }
        return b.toString();
    }
}
