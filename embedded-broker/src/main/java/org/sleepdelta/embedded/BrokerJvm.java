package org.sleepdelta.embedded;

/** How the broker's child JVM is tuned: for a quick start, or to be fast once running. */
public enum BrokerJvm {
    /** 512 MB heap, serial collector, C1 only: starts fastest; for tests and the demo (the default). */
    QUICK_START,
    /** As Kafka's start script runs a broker (1 GB heap, G1) with the full JIT: for benchmarks. */
    THROUGHPUT
}
