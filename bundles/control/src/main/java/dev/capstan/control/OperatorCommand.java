package dev.capstan.control;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * An operator's command line: one of supervisorctl's verbs and plain words, split at whitespace
 * as supervisorctl splits its arguments. A word may hold letters, digits and {@code _-.:*}{@code /@+,=%}
 * only: anything Gogo would read as syntax ({@code $ ( ) { } [ ] < > | ; & ' " \ #}, a backtick)
 * makes the line a refusal, never an execution.
 *
 * @param verb      the command
 * @param arguments its words
 */
record OperatorCommand(String verb, List<String> arguments) {

    /**
     * supervisorctl's commands (with {@code add}, {@code remove} and {@code reload}, which an
     * operator's XML-RPC has as addProcessGroup, removeProcessGroup and restart), {@code help},
     * and {@code health}, which answers what {@code /readyz} answers over HTTP.
     */
    static final Set<String> VERBS = new TreeSet<>(List.of(
            "add", "avail", "clear", "etcd", "health", "help", "maintail", "pid", "reload", "remove", "reread",
            "restart", "shutdown", "signal", "start", "status", "stop", "tail", "update", "version"));

    /** A line an operator may not run; the message says why. */
    static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;

        Refused(String message) {
            super(message, null, false, false);
        }
    }

    static OperatorCommand parse(String line) throws Refused {
        List<String> words = new ArrayList<>();
        int i = 0;
        while (i < line.length()) {
            while (i < line.length() && Character.isWhitespace(line.charAt(i))) {
                i++;
            }
            int start = i;
            while (i < line.length() && !Character.isWhitespace(line.charAt(i))) {
                char c = line.charAt(i);
                if (!Character.isLetterOrDigit(c) && "_-.:*/@+,=%".indexOf(c) < 0) {
                    throw new Refused("'" + c + "' is not allowed: operators run supervisorctl's commands with plain words"
                            + " (Gogo's shell is for root and Capstan's own user)");
                }
                i++;
            }
            if (i > start) {
                words.add(line.substring(start, i));
            }
        }
        if (words.isEmpty()) {
            throw new Refused("no command");
        }
        String verb = words.get(0);
        if (!VERBS.contains(verb)) {
            throw new Refused("operators may run only " + String.join(", ", VERBS) + "; not " + verb);
        }
        return new OperatorCommand(verb, List.copyOf(words.subList(1, words.size())));
    }
}
