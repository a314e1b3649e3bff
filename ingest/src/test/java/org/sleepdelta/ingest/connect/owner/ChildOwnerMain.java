package org.sleepdelta.ingest.connect.owner;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Map;
import org.sleepdelta.ingest.auth.TestMasterKeys;
import org.sleepdelta.schemas.connections.ConnectionRecords;
import org.sleepdelta.schemas.kafka.CanonicalRecords;

/**
 * A connection owner alone in a JVM, for {@link OwnerKilledMidPageIT}: its vendor blocks on the page of one night,
 * and it prints {@code BLOCKED} when it got there, to be killed.
 *
 * <p>Arguments: {@link OwnerFixture#childArguments()}, then the night to block on.
 */
public final class ChildOwnerMain {
    private ChildOwnerMain() {}

    public static void main(String[] args) throws InterruptedException {
        Clock clock = Clock.systemUTC();
        ConnectionRecords records = new ConnectionRecords(args[1], args[2], TestMasterKeys.KEYS);
        CanonicalRecords topics = new CanonicalRecords(args[3], args[4], args[5]);
        ScriptedVendor vendor = new ScriptedVendor(clock, null);
        vendor.acceptAnyAccessToken();
        LocalDate blockOn = LocalDate.parse(args[9]);
        vendor.blockOn(blockOn::equals);
        ConnectionOwner owner = new ConnectionOwner(
                OwnerFixture.settings(args[7], 6000),
                OwnerFixture.kafka(args[0], args[8], records, topics, args[6]),
                Map.of("oura", vendor),
                OwnerFixture.pulledPayloads(topics, clock),
                new SimpleMeterRegistry(),
                clock);
        owner.start();
        if (vendor.awaitBlocked(Duration.ofMinutes(2))) {
            System.out.println("BLOCKED");
            System.out.flush();
        }
        Thread.currentThread().join(); // until killed
    }
}
