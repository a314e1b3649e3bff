package org.sleepdelta.platform.config;

import java.util.Collection;
import java.util.Comparator;
import java.util.Optional;

/** Finds the known key an unknown one was probably meant to be, so a typo's report points at the fix. */
final class KeySuggestion {

    // Two edits cover a swapped pair of letters or one wrong and one missing letter, without suggesting
    // unrelated short keys.
    private static final int MAX_EDITS = 2;

    private KeySuggestion() {}

    static Optional<String> closest(String unknown, Collection<String> known) {
        return known.stream()
                .filter(candidate -> editDistance(unknown, candidate) <= MAX_EDITS)
                .min(Comparator.comparingInt(candidate -> editDistance(unknown, candidate)));
    }

    /** Levenshtein distance: insertions, deletions and substitutions. */
    static int editDistance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
