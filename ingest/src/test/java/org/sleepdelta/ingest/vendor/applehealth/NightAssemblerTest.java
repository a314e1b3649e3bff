package org.sleepdelta.ingest.vendor.applehealth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class NightAssemblerTest {
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    private static Instant at(LocalDate day, int hour, int minute) {
        return day.atTime(hour, minute).atZone(BERLIN).toInstant();
    }

    @Test
    void openNightsStayAHandfulOverAYearOfInterleavedSourcesAndEveryNightIsHandedOnOnce() {
        // given
        List<LocalDate> handedOn = new ArrayList<>();
        NightAssembler assembler = new NightAssembler(BERLIN, (night, periods) -> handedOn.add(night));
        LocalDate first = LocalDate.of(2025, 1, 1);
        int maxOpen = 0;

        // when a year of nights arrives: the Watch's segments with the iPhone's InBed in between
        for (int i = 0; i < 365; i++) {
            LocalDate night = first.plusDays(i);
            assembler.add("watch", new Segment(at(night, 23, 0), at(night.plusDays(1), 3, 0), SleepValue.CORE, true));
            assembler.add(
                    "phone", new Segment(at(night, 22, 45), at(night.plusDays(1), 7, 15), SleepValue.IN_BED, false));
            assembler.add(
                    "watch",
                    new Segment(at(night.plusDays(1), 3, 0), at(night.plusDays(1), 7, 0), SleepValue.DEEP, true));
            maxOpen = Math.max(maxOpen, assembler.openNights());
        }
        assembler.finish();

        // then at most the nights within the 48 h window (plus the one being written) wait, whatever the length
        assertThat(maxOpen).isLessThanOrEqualTo(3);
        assertThat(handedOn).hasSize(365).doesNotHaveDuplicates();
    }

    @Test
    void periodSpanningNoonStaysOnePeriodOfTheNightItStarted() {
        // given a late sleep from 10:00 to 14:00 on 3 January, written as two segments across noon
        List<Integer> periodCounts = new ArrayList<>();
        List<LocalDate> nights = new ArrayList<>();
        NightAssembler assembler = new NightAssembler(BERLIN, (night, periods) -> {
            nights.add(night);
            periodCounts.add(periods.get("watch").size());
        });
        LocalDate day = LocalDate.of(2025, 1, 3);

        // when
        assembler.add("watch", new Segment(at(day, 10, 0), at(day, 12, 0), SleepValue.CORE, true));
        assembler.add("watch", new Segment(at(day, 12, 0), at(day, 14, 0), SleepValue.CORE, true));
        assembler.finish();

        // then 10:00 - 12 h is 22:00 on 2 January: one period, on the night of 2 January
        assertThat(nights).containsExactly(LocalDate.of(2025, 1, 2));
        assertThat(periodCounts).containsExactly(1);
    }
}
