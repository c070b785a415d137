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
        // A third of the word, at least 1: catches "startsec" and "autostrat", not "web" for "db".
        int tolerance = Math.max(1, wrong.length() / 3);
        return bestDistance <= tolerance ? Optional.of(best) : Optional.empty();
    }

    /** "unknown key, did you mean X?" or just "unknown key". */
    public static String unknown(String what, String wrong, Collection<String> candidates) {
        return closest(wrong, candidates).map(c -> "unknown " + what + ", did you mean " + c + "?")
                .orElse("unknown " + what);
    }

    /** Edit distance counting a swap of two neighbours as one edit (optimal string alignment). */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
