package com.bikefleet.model.config;

import java.util.Collection;

/** Did-you-mean for config keys: a mistyped key is most often one or two keystrokes off a real one. */
public final class KeyNames {

    private KeyNames() {
    }

    /** The known key closest to a mistyped one, or null when none is close enough to be a likely typo. */
    public static String closest(String unknown, Collection<String> known) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : known) {
            int d = distance(unknown, candidate);
            // Ties go to the alphabetically first, so the suggestion does not depend on set iteration order.
            if (d < bestDistance || d == bestDistance && candidate.compareTo(best) < 0) {
                best = candidate;
                bestDistance = d;
            }
        }
        return bestDistance <= Math.max(2, unknown.length() / 3) ? best : null;
    }

    /** The message for a key that is not in {@code known}, with a suggestion when one is close. */
    public static String unknownKey(String key, Collection<String> known) {
        String suggestion = closest(key, known);
        return "unknown key '" + key + "'" + (suggestion == null ? "" : " (did you mean '" + suggestion + "'?)");
    }

    /** Levenshtein distance: insertions, deletions and substitutions. */
    public static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
