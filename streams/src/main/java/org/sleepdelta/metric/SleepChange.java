package org.sleepdelta.metric;

import java.util.Map;

/**
 * The computed change for one window: what the dashboard shows, before it is given a revision.
 *
 * @param mixedSources the main sleeps of the baseline and counted post nights come from more than one source
 */
public record SleepChange(WindowSpec spec, Map<Metric, Stats> metrics, boolean complete, boolean mixedSources) {}
