package org.sleepdelta.ingest.connect.web;

import java.util.Objects;
import java.util.function.Function;
import org.sleepdelta.ingest.connect.VendorApp;
import org.sleepdelta.ingest.connect.VendorConnector;

/**
 * Where the service finds each configured vendor's {@link VendorConnector}. The connectors live in their vendors'
 * packages ({@code connect.oura.OuraConnector}, ...); the process's entry point registers the function that builds
 * them, so this package depends on none of them. Until one is registered, a configured vendor fails the start with
 * a message naming it.
 */
public final class VendorConnectors {
    private static volatile Function<VendorApp, VendorConnector> registry = app -> {
        throw new IllegalStateException("no connector for " + app.vendor()
                + " is registered: this build cannot connect that vendor; unset " + app.vendor() + "-client-id");
    };

    private VendorConnectors() {}

    /** Replaces the function that builds a connector for a configured vendor app. */
    public static void register(Function<VendorApp, VendorConnector> connectors) {
        registry = Objects.requireNonNull(connectors, "connectors");
    }

    /**
     * The connector of a configured vendor app.
     *
     * @throws IllegalStateException naming the vendor when no connector is registered for it
     */
    public static VendorConnector forApp(VendorApp app) {
        return registry.apply(app);
    }
}
