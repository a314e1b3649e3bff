package org.sleepdelta.embedded;

/**
 * Entry point of the broker's child JVM: {@code BrokerProcessMain <server.properties>}.
 *
 * <p>Exists only to tie the broker's lifetime to the parent JVM (see {@link ExitWhenStdinCloses}) before handing
 * over to Kafka's own public entry point.
 */
public final class BrokerProcessMain {

    private BrokerProcessMain() {}

    public static void main(String[] args) {
        if (args.length != 1) {
            System.err.println("usage: BrokerProcessMain <server.properties>");
            System.exit(2);
        }
        ExitWhenStdinCloses.start();
        kafka.Kafka.main(new String[] {args[0]});
    }
}
