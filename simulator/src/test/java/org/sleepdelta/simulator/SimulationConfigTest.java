package org.sleepdelta.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.EnumMap;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sleepdelta.avro.Modality;

class SimulationConfigTest {

    private static final LocalDate LAST = LocalDate.of(2026, 11, 19);

    @Test
    void defaultsDescribeTheDemoCohort() {
        SimulationConfig c = SimulationConfig.defaults(LAST);

        assertThat(c.clients()).isEqualTo(200);
        assertThat(c.nights()).isEqualTo(120);
        assertThat(c.firstNight()).isEqualTo(LocalDate.of(2026, 7, 23));
        assertThat(c.clinics())
                .extracting(Clinic::id)
                .containsExactly("clinic-berlin", "clinic-newyork", "clinic-tokyo", "clinic-sydney");
        assertThat(c.rates()).isEqualTo(new SimulationRates(0.08, 0.06, 0.15, 0.10, 0.05, 0.01, 0.08));
    }

    @Test
    void defaultEffectsCoverEveryModalityFromHarmfulToClearlyHelpful() {
        SimulationConfig c = SimulationConfig.defaults(LAST);

        assertThat(c.effects().keySet()).containsExactlyInAnyOrder(Modality.values());
        assertThat(c.effectOf(Modality.SWEDISH)).isEqualTo(new TrueEffect(18, -8, -6));
        assertThat(c.effectOf(Modality.OTHER)).isEqualTo(TrueEffect.NONE);
        assertThat(c.effectOf(Modality.SPORTS).totalSleepMinutes()).isNegative();
        assertThat(c.effectOf(Modality.DEEP_TISSUE).totalSleepMinutes()).isGreaterThanOrEqualTo(10);
        assertThat(c.effectOf(Modality.AROMATHERAPY).totalSleepMinutes()).isGreaterThanOrEqualTo(10);
    }

    @Test
    void builderOverridesOneEffectAndKeepsTheOthers() {
        SimulationConfig c = SimulationConfig.builder(LAST)
                .effect(Modality.OTHER, new TrueEffect(5, 0, 0))
                .build();

        assertThat(c.effectOf(Modality.OTHER)).isEqualTo(new TrueEffect(5, 0, 0));
        assertThat(c.effectOf(Modality.SWEDISH)).isEqualTo(new TrueEffect(18, -8, -6));
        assertThat(c.toBuilder().build()).isEqualTo(c);
    }

    @Test
    void effectsAreCopiedSoLaterChangesToTheCallersMapHaveNoInfluence() {
        EnumMap<Modality, TrueEffect> effects = new EnumMap<>(TrueEffect.defaults());
        SimulationConfig c =
                new SimulationConfig(10, 30, Clinic.defaults(), 1, LAST, SimulationRates.defaults(), effects);

        effects.put(Modality.SWEDISH, TrueEffect.NONE);

        assertThat(c.effectOf(Modality.SWEDISH)).isEqualTo(new TrueEffect(18, -8, -6));
    }

    @Test
    void rejectsConfigurationsTheSimulatorCannotHonour() {
        EnumMap<Modality, TrueEffect> missingOne = new EnumMap<>(TrueEffect.defaults());
        missingOne.remove(Modality.THAI);

        assertThatThrownBy(() -> new SimulationConfig(
                        10, 30, Clinic.defaults(), 1, LAST, SimulationRates.defaults(), missingOne))
                .hasMessageContaining("THAI");
        assertThatThrownBy(() -> SimulationConfig.builder(LAST).clients(0).build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SimulationConfig.builder(LAST).nights(0).build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SimulationConfig.builder(null).build()).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(
                        () -> SimulationConfig.builder(LAST).clinics(List.of()).build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SimulationConfig.builder(LAST)
                        .clinics(List.of(Clinic.of("a", "UTC"), Clinic.of("a", "Europe/Paris")))
                        .build())
                .hasMessageContaining("distinct");
        assertThatThrownBy(() -> Clinic.of("clinic berlin", "Europe/Berlin")).hasMessageContaining("id");
        assertThatThrownBy(() -> SimulationRates.defaults().withNap(1.5)).hasMessageContaining("nap");
        assertThatThrownBy(() -> new TrueEffect(Double.NaN, 0, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aPeriodTooShortForABaselineSimulatesSleepWithoutSessions() {
        Simulation s = CohortSimulator.simulate(
                SimulationConfig.builder(LAST).clients(3).nights(20).build());

        assertThat(s.counts().sessions()).isZero();
        assertThat(s.counts().mainSleepRecords()).isPositive();
    }
}
