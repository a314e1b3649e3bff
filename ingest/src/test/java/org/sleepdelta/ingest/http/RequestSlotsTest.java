package org.sleepdelta.ingest.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
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

    @Test
    void clinicAtItsQuotaIsRefusedWithoutTakingASlotWhileAnotherClinicGetsOne() {
        // given 3 slots, 2 per clinic, both of clinic a's taken
        RequestSlots slots = new RequestSlots(3, 2);
        RequestSlots.Slot a1 = slots.tryAcquire("a").slot();
        RequestSlots.Slot a2 = slots.tryAcquire("a").slot();

        // when
        RequestSlots.Attempt a3 = slots.tryAcquire("a");
        RequestSlots.Attempt b1 = slots.tryAcquire("b");

        // then
        assertThat(a1).isNotNull();
        assertThat(a2).isNotNull();
        assertThat(a3.slot()).isNull();
        assertThat(a3.refusal()).isEqualTo(RequestSlots.Refusal.CLINIC_AT_QUOTA);
        assertThat(b1.slot()).isNotNull();
        assertThat(slots.inWork("a")).isEqualTo(2);

        // when every slot is taken, a clinic below its quota is refused for that reason, and counts nothing
        RequestSlots.Attempt b2 = slots.tryAcquire("b");
        assertThat(b2.refusal()).isEqualTo(RequestSlots.Refusal.ALL_TAKEN);
        assertThat(slots.inWork("b")).isEqualTo(1);

        // when one of clinic a's slots is closed, twice
        a1.close();
        a1.close();

        // then clinic a has exactly one back
        assertThat(slots.inWork("a")).isEqualTo(1);
        RequestSlots.Attempt again = slots.tryAcquire("a");
        assertThat(again.slot()).isNotNull();
        assertThat(slots.tryAcquire("a").refusal()).isEqualTo(RequestSlots.Refusal.CLINIC_AT_QUOTA);

        // and closing all leaves no clinic counted
        List.of(a2, again.slot(), b1.slot()).forEach(RequestSlots.Slot::close);
        assertThat(slots.inWork("a")).isZero();
        assertThat(slots.inWork("b")).isZero();
    }
}
