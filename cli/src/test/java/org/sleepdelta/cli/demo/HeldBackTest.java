package org.sleepdelta.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.sleepdelta.schemas.ClientKey;
import org.sleepdelta.simulator.CohortSimulator;
import org.sleepdelta.simulator.SimulatedEvent;
import org.sleepdelta.simulator.SimulationConfig;

class HeldBackTest {
    private static final List<SimulatedEvent> EVENTS = CohortSimulator.simulate(
                    SimulationConfig.builder(LocalDate.of(2026, 6, 30))
                            .clients(30)
                            .nights(60)
                            .build())
            .events();

    /** A third of the clients stand for the connected ones: they must stay whole in the burst. */
    private static final Set<ClientKey> KEPT_WHOLE = EVENTS.stream()
            .map(e -> e.record().clientKey())
            .distinct()
            .filter(c -> Math.floorMod(c.hashCode(), 3) == 0)
            .collect(Collectors.toSet());

    private static final Predicate<ClientKey> ELIGIBLE = c -> !KEPT_WHOLE.contains(c);

    @Test
    void everyClientSeesItsEventsInTheirOrderWhenThePacedSliceFollowsTheBurst() {
        HeldBack split = HeldBack.last(EVENTS, 1_000, ELIGIBLE);

        List<SimulatedEvent> burstThenPaced = new ArrayList<>(split.burst());
        burstThenPaced.addAll(split.paced());
        assertThat(byClient(burstThenPaced)).isEqualTo(byClient(EVENTS));
    }

    @Test
    void holdsBackTheLastEventsOfEligibleClientsOnly() {
        HeldBack split = HeldBack.last(EVENTS, 1_000, ELIGIBLE);

        List<SimulatedEvent> eligible = EVENTS.stream()
                .filter(e -> ELIGIBLE.test(e.record().clientKey()))
                .toList();
        assertThat(split.paced()).isEqualTo(eligible.subList(eligible.size() - 1_000, eligible.size()));
        assertThat(split.burst()).hasSize(EVENTS.size() - 1_000);
        assertThat(split.paced()).noneMatch(e -> KEPT_WHOLE.contains(e.record().clientKey()));
        assertThat(split.burst())
                .isEqualTo(
                        EVENTS.stream().filter(e -> !split.paced().contains(e)).toList());
    }

    @Test
    void holdsBackNoMoreThanThereIsAndNothingForZero() {
        assertThat(HeldBack.last(EVENTS, 0, ELIGIBLE).paced()).isEmpty();
        assertThat(HeldBack.last(EVENTS, 0, ELIGIBLE).burst()).isEqualTo(EVENTS);
        HeldBack all = HeldBack.last(EVENTS, Integer.MAX_VALUE, ELIGIBLE);
        assertThat(all.burst()).allMatch(e -> KEPT_WHOLE.contains(e.record().clientKey()));
        assertThat(all.burst().size() + all.paced().size()).isEqualTo(EVENTS.size());
    }

    private static Map<ClientKey, List<SimulatedEvent>> byClient(List<SimulatedEvent> events) {
        Map<ClientKey, List<SimulatedEvent>> byClient = new LinkedHashMap<>();
        for (SimulatedEvent event : events) {
            byClient.computeIfAbsent(event.record().clientKey(), c -> new ArrayList<>())
                    .add(event);
        }
        return byClient;
    }
}
