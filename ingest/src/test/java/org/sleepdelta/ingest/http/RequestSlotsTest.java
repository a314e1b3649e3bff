package org.sleepdelta.ingest.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class RequestSlotsTest {
    @Test
    void slotsAreHandedOutUntilNoneIsLeftAndComeBackWhenClosed() {
        // given
        RequestSlots slots = new RequestSlots(2);

        // when
        Optional<RequestSlots.Slot> a = slots.tryAcquire();
        Optional<RequestSlots.Slot> b = slots.tryAcquire();
        Optional<RequestSlots.Slot> c = slots.tryAcquire();

        // then
        assertThat(a).isPresent();
        assertThat(b).isPresent();
        assertThat(a.get().id()).isNotEqualTo(b.get().id());
        assertThat(c).isEmpty();

        // when one is closed, twice
        a.get().close();
        a.get().close();

        // then exactly one is free again, with the same number
        Optional<RequestSlots.Slot> d = slots.tryAcquire();
        assertThat(d).map(RequestSlots.Slot::id).contains(a.get().id());
        assertThat(slots.tryAcquire()).isEmpty();
    }
}
