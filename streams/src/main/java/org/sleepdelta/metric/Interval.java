package org.sleepdelta.metric;

/** A closed interval [low, high] for a change. */
public record Interval(double low, double high) {}
