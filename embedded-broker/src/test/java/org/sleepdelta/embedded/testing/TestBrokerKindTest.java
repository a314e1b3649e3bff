package org.sleepdelta.embedded.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class TestBrokerKindTest {

    @Test
    void dockerWhenAnEngineIsAvailable() {
        assertThat(TestBrokerKind.choose(Map.of(), () -> true)).isEqualTo(TestBrokerKind.DOCKER);
        assertThat(TestBrokerKind.choose(Map.of("SLEEPDELTA_TEST_BROKER", "auto"), () -> true))
                .isEqualTo(TestBrokerKind.DOCKER);
    }

    @Test
    void embeddedWithoutDocker() {
        assertThat(TestBrokerKind.choose(Map.of(), () -> false)).isEqualTo(TestBrokerKind.EMBEDDED);
    }

    @Test
    void forcedChoiceDoesNotAskForDocker() {
        AtomicBoolean asked = new AtomicBoolean();

        assertThat(TestBrokerKind.choose(Map.of("SLEEPDELTA_TEST_BROKER", "Embedded"), () -> asked.getAndSet(true)))
                .isEqualTo(TestBrokerKind.EMBEDDED);
        assertThat(TestBrokerKind.choose(Map.of("SLEEPDELTA_TEST_BROKER", "docker"), () -> asked.getAndSet(true)))
                .isEqualTo(TestBrokerKind.DOCKER);
        assertThat(asked).isFalse();
    }

    @Test
    void unknownChoiceIsRejectedReadably() {
        assertThatThrownBy(() -> TestBrokerKind.choose(Map.of("SLEEPDELTA_TEST_BROKER", "podman"), () -> false))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("SLEEPDELTA_TEST_BROKER = \"podman\": expected embedded, docker or auto (or unset, which"
                        + " means auto)");
    }
}
