package org.sleepdelta.simulator;

import java.time.LocalDate;

/** Simulations shared by the tests; generated once because they are deterministic and immutable. */
final class Cohorts {
    /** Period Jul 23 - Nov 19 2026: Sydney (Oct 4), Berlin (Oct 25) and New York (Nov 1) change clocks inside it. */
    static final LocalDate LAST_NIGHT = LocalDate.of(2026, 11, 19);

    private static Simulation defaultCohort;

    private Cohorts() {}

    static SimulationConfig defaultConfig() {
        return SimulationConfig.defaults(LAST_NIGHT);
    }

    static synchronized Simulation defaultCohort() {
        if (defaultCohort == null) {
            defaultCohort = CohortSimulator.simulate(defaultConfig());
        }
        return defaultCohort;
    }
}
