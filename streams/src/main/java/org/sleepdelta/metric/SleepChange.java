package org.sleepdelta.metric;

import java.util.Map;

/** The computed change for one window: what the dashboard shows, before it is given a revision. */
public record SleepChange(WindowSpec spec, Map<Metric, Stats> metrics, boolean complete) {}
