package dev.capstan.config.spec;

import java.util.Collection;
import java.util.Optional;

/** "did you mean startsecs?": the valid name closest to a misspelt one by edit distance. */
public final class KeySuggestion {

    private KeySuggestion() {
    }

    /** The closest candidate, if it is close enough to be a plausible typo. */
    public static Optional<String> closest(String wrong, Collection<String> candidates) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String c : candidates) {
            int d = distance(wrong, c);
            if (d < bestDistance || (d == bestDistance && c.compareTo(best) < 0)) {
                best = c;
                bestDistance = d;
            }
        }
        // A third of the word, at least 2: catches "startsec" and "autostrat", not "foo" for "user".
        int tolerance = Math.max(2, wrong.length() / 3);
        return bestDistance <= tolerance ? Optional.of(best) : Optional.empty();
    }

    /** "unknown key, did you mean X?" or just "unknown key". */
    public static String unknown(String what, String wrong, Collection<String> candidates) {
        return closest(wrong, candidates).map(c -> "unknown " + what + ", did you mean " + c + "?")
                .orElse("unknown " + what);
    }

    /** Levenshtein distance. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitute = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitute, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
