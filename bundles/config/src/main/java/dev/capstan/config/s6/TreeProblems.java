package dev.capstan.config.s6;

import dev.capstan.config.spec.ConfigException;
import java.util.ArrayList;
import java.util.List;

/**
 * The problems of one read of a tree, reported at once: a tree has many small files, and fixing
 * them one boot at a time is no way to migrate. Each names the file (and line) to fix; they are
 * thrown as one {@link ConfigException}, one line per problem, as the other readers report theirs.
 */
final class TreeProblems {
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

    /** @throws ConfigException holding every problem, when there was any */
    void throwIfAny() {
        if (!problems.isEmpty()) {
            throw ConfigException.of(problems);
        }
    }
}
