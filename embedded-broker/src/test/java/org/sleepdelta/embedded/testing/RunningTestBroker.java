package org.sleepdelta.embedded.testing;

/** A broker the test fixture started, whichever kind it is. */
interface RunningTestBroker {

    String bootstrapServers();

    void stop();
}
