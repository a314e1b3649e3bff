package org.sleepdelta.simulator;

import java.time.LocalDate;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.sleepdelta.avro.Modality;

/**
 * Everything that determines a simulated cohort. Two equal configs produce identical events.
 *
 * @param clients number of clients, spread round-robin over the clinics
 * @param nights number of simulated nights per client, ending with {@code lastNight}
 * @param clinics the clinics (ids must be distinct)
 * @param seed the random seed
 * @param lastNight the last simulated night (the caller decides; the demo passes yesterday)
 * @param rates how often irregularities happen
 * @param effects the true effect of each modality; every {@link Modality} must be present
 * @param hardCases switchable departures from the friendly cohort (serial dependence, booking after a bad week,
 *     seasonal drift, device changes); {@link HardCases#none()} keeps a seed's output as it always was
 */
public record SimulationConfig(
        int clients,
        int nights,
        List<Clinic> clinics,
        long seed,
        LocalDate lastNight,
        SimulationRates rates,
        Map<Modality, TrueEffect> effects,
        HardCases hardCases) {

    public static final int DEFAULT_CLIENTS = 200;
    public static final int DEFAULT_NIGHTS = 120;
    public static final long DEFAULT_SEED = 20_240_611L;
    /** Client ids are c0001..c99999; more would not fit the pseudonym scheme's intent of a small cohort. */
    public static final int MAX_CLIENTS = 99_999;
    /** Ten years of nights is far beyond any demo and keeps dates and counts sane. */
    public static final int MAX_NIGHTS = 3_660;

    public SimulationConfig {
        if (clients < 1 || clients > MAX_CLIENTS) {
            throw new IllegalArgumentException("clients must be in [1, " + MAX_CLIENTS + "]: " + clients);
        }
        if (nights < 1 || nights > MAX_NIGHTS) {
            throw new IllegalArgumentException("nights must be in [1, " + MAX_NIGHTS + "]: " + nights);
        }
        Objects.requireNonNull(lastNight, "lastNight");
        Objects.requireNonNull(rates, "rates");
        clinics = List.copyOf(Objects.requireNonNull(clinics, "clinics"));
        if (clinics.isEmpty()) {
            throw new IllegalArgumentException("at least one clinic is needed");
        }
        if (new HashSet<>(clinics.stream().map(Clinic::id).toList()).size() != clinics.size()) {
            throw new IllegalArgumentException("clinic ids must be distinct: " + clinics);
        }
        Objects.requireNonNull(effects, "effects");
        for (Modality m : Modality.values()) {
            if (effects.get(m) == null) {
                throw new IllegalArgumentException("no true effect for modality " + m);
            }
        }
        effects = Collections.unmodifiableMap(new EnumMap<>(effects));
        Objects.requireNonNull(hardCases, "hardCases");
    }

    /** A config without hard cases, as before they existed. */
    public SimulationConfig(
            int clients,
            int nights,
            List<Clinic> clinics,
            long seed,
            LocalDate lastNight,
            SimulationRates rates,
            Map<Modality, TrueEffect> effects) {
        this(clients, nights, clinics, seed, lastNight, rates, effects, HardCases.none());
    }

    /** The default cohort: 200 clients, 120 nights, four clinics, default rates and effects. */
    public static SimulationConfig defaults(LocalDate lastNight) {
        return builder(lastNight).build();
    }

    public static Builder builder(LocalDate lastNight) {
        return new Builder(lastNight);
    }

    public Builder toBuilder() {
        return new Builder(lastNight)
                .clients(clients)
                .nights(nights)
                .clinics(clinics)
                .seed(seed)
                .rates(rates)
                .effects(effects)
                .hardCases(hardCases);
    }

    /** The first simulated night. */
    public LocalDate firstNight() {
        return lastNight.minusDays(nights - 1L);
    }

    public TrueEffect effectOf(Modality modality) {
        return effects.get(modality);
    }

    /** Fluent construction starting from the defaults. */
    public static final class Builder {
        private int clients = DEFAULT_CLIENTS;
        private int nights = DEFAULT_NIGHTS;
        private List<Clinic> clinics = Clinic.defaults();
        private long seed = DEFAULT_SEED;
        private LocalDate lastNight;
        private SimulationRates rates = SimulationRates.defaults();
        private final EnumMap<Modality, TrueEffect> effects = new EnumMap<>(TrueEffect.defaults());
        private HardCases hardCases = HardCases.none();

        private Builder(LocalDate lastNight) {
            this.lastNight = lastNight;
        }

        public Builder clients(int clients) {
            this.clients = clients;
            return this;
        }

        public Builder nights(int nights) {
            this.nights = nights;
            return this;
        }

        public Builder clinics(List<Clinic> clinics) {
            this.clinics = clinics;
            return this;
        }

        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        public Builder lastNight(LocalDate lastNight) {
            this.lastNight = lastNight;
            return this;
        }

        public Builder rates(SimulationRates rates) {
            this.rates = rates;
            return this;
        }

        /** Replaces the effects of the modalities in the map; the others keep their current value. */
        public Builder effects(Map<Modality, TrueEffect> effects) {
            this.effects.putAll(effects);
            return this;
        }

        public Builder effect(Modality modality, TrueEffect effect) {
            effects.put(Objects.requireNonNull(modality), Objects.requireNonNull(effect));
            return this;
        }

        /** The hard cases to simulate, e.g. {@code HardCases.none().withBookAfterWorstWeek(1)}. */
        public Builder hardCases(HardCases hardCases) {
            this.hardCases = hardCases;
            return this;
        }

        public SimulationConfig build() {
            return new SimulationConfig(clients, nights, clinics, seed, lastNight, rates, effects, hardCases);
        }
    }
}
