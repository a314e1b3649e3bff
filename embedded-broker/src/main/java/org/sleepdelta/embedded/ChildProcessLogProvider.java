package org.sleepdelta.embedded;

import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.Logger;
import org.slf4j.event.Level;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.helpers.NOPMDCAdapter;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * The SLF4J backend of the broker's child JVM, selected there with {@code -Dslf4j.provider=<this class>}.
 *
 * <p>The child inherits whatever classpath the parent has: logback with the application's own configuration, or no
 * SLF4J backend at all (then Kafka's fatal startup errors would vanish and a failed start could not be explained).
 * Naming this provider explicitly makes the child behave the same everywhere: lines at or above the level in
 * {@value #LEVEL_PROPERTY} (default WARN) go to stderr, which the parent redirects into {@code broker.log}.
 * It is deliberately not registered in {@code META-INF/services}, so it can never compete with the
 * application's own backend.
 */
public final class ChildProcessLogProvider implements SLF4JServiceProvider {

    static final String LEVEL_PROPERTY = "sleepdelta.broker.log.level";

    private ILoggerFactory loggerFactory;
    private IMarkerFactory markerFactory;
    private MDCAdapter mdcAdapter;

    @Override
    public void initialize() {
        Level threshold =
                Level.valueOf(System.getProperty(LEVEL_PROPERTY, "WARN").toUpperCase(Locale.ROOT));
        ConcurrentMap<String, Logger> loggers = new ConcurrentHashMap<>();
        loggerFactory = name -> loggers.computeIfAbsent(name, n -> new StderrLogger(n, threshold));
        markerFactory = new BasicMarkerFactory();
        mdcAdapter = new NOPMDCAdapter();
    }

    @Override
    public ILoggerFactory getLoggerFactory() {
        return loggerFactory;
    }

    @Override
    public IMarkerFactory getMarkerFactory() {
        return markerFactory;
    }

    @Override
    public MDCAdapter getMDCAdapter() {
        return mdcAdapter;
    }

    @Override
    public String getRequestedApiVersion() {
        return "2.0.99";
    }
}
