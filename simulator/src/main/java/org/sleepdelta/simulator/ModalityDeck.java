package org.sleepdelta.simulator;

import org.sleepdelta.avro.Modality;

/**
 * Deals modalities like a reshuffled deck: every modality comes up once per round of 14 courses, so even a
 * small cohort gets every modality, yet the order stays random.
 */
final class ModalityDeck {
    private final Rng rng;
    private final Modality[] deck = Modality.values().clone();
    private int next = deck.length;

    ModalityDeck(long seed) {
        this.rng = Rng.stream(seed, 0, RandomPurpose.MODALITY_DECK);
    }

    Modality deal() {
        if (next == deck.length) {
            shuffle();
            next = 0;
        }
        return deck[next++];
    }

    private void shuffle() {
        for (int i = deck.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            Modality t = deck[i];
            deck[i] = deck[j];
            deck[j] = t;
        }
    }
}
