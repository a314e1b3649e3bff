package org.sleepdelta.cli.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

class PreferredPortTest {
    @Test
    void aFreePortIsKeptABusyOneBecomesAnyFreeAndZeroStaysZero() throws Exception {
        int free = PreferredPort.anyFree();
        assertThat(PreferredPort.orAnyFree(free)).isEqualTo(free);
        try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            assertThat(PreferredPort.orAnyFree(busy.getLocalPort())).isZero();
        }
        assertThat(PreferredPort.orAnyFree(0)).isZero();
    }
}
