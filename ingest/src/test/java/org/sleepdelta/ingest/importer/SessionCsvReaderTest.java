package org.sleepdelta.ingest.importer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sleepdelta.avro.MassageSession;
import org.sleepdelta.avro.Modality;
import org.sleepdelta.avro.SessionStatus;
import org.sleepdelta.schemas.CanonicalRecord;
import org.sleepdelta.schemas.validation.Violation;

class SessionCsvReaderTest {
    @TempDir
    Path dir;

    private final List<String> accepted = new ArrayList<>();
    private final List<MassageSession> sessions = new ArrayList<>();
    private final List<String> rejected = new ArrayList<>();
    private final List<String> rejectedTexts = new ArrayList<>();

    private final RecordSink sink = new RecordSink() {
        @Override
        public void record(long line, CanonicalRecord record) {
            MassageSession session = ((CanonicalRecord.Session) record).session();
            accepted.add(line + ":" + session.getSessionId());
            sessions.add(session);
        }

        @Override
        public void rejected(long line, String text, List<Violation> violations) {
            rejected.add(line + ":" + violations);
            rejectedTexts.add(text);
        }
    };

    @Test
    void readsTheDefaultLayoutAndNumbersRowsByTheirLineEvenWithQuotedNewlines() throws Exception {
        Path csv = Files.writeString(dir.resolve("bookings.csv"), """
                sessionId,clientId,modality,start,durationMinutes,timezone,therapistId,pressure,status
                s1,c1,SWEDISH,2026-03-02T17:00:00+01:00,60,Europe/Berlin,t1,MEDIUM,COMPLETED
                s2,c2,deep tissue,2026-03-03T09:30,90,Europe/Berlin,"t2",,
                s3,c3,HOT_STONE,2026-03-03T10:00:00Z,3,UTC,t1,,
                s4,c4,THAI,2026-03-04T10:00:00Z,45,UTC,"t
                3",,CANCELLED
                s5,c5,SHIATSU,2026-03-05T10:00:00Z,45,UTC,t4,,
                """);

        long rows = new SessionCsvReader(SessionCsvLayout.defaults(), "clinic-a").read(csv, sink);

        assertThat(rows).isEqualTo(5);
        assertThat(accepted).containsExactly("2:s1", "3:s2", "7:s5");
        assertThat(rejected)
                .containsExactly(
                        "4:[durationMinutes: must be from 5 to 300]",
                        "5:[therapistId: must match [A-Za-z0-9._:-]{1,64}]");
        MassageSession localTime = sessions.get(1);
        assertThat(localTime.getModality()).isEqualTo(Modality.DEEP_TISSUE);
        // 09:30 in Berlin on 3 March (UTC+1) is 08:30Z
        assertThat(localTime.getStart()).isEqualTo(Instant.parse("2026-03-03T08:30:00Z"));
        assertThat(localTime.getStatus()).isEqualTo(SessionStatus.COMPLETED);
        assertThat(localTime.getClinicId()).isEqualTo("clinic-a");
    }

    @Test
    void aRejectedRowKeepsOnlyItsMappedCellsUnderTheirFieldsNeverAnUnmappedColumnAndLongCellsAreCut() throws Exception {
        // given an export whose unmapped columns hold a name and a note, and a row with a far too long therapist id
        Path mapping = Files.writeString(dir.resolve("mapping.json"), """
                {"columns": {"sessionId": "Booking ID", "clientId": "Client No"},
                 "constants": {"timezone": "Europe/Berlin"}}""");
        String longId = "t".repeat(SessionCsvReader.MAX_REJECTED_CELL_CHARS + 50);
        Path csv = Files.writeString(dir.resolve("export.csv"), """
                Booking ID,Client No,Client Name,modality,start,durationMinutes,therapistId,notes
                b-1,k-9,Erika NAME-MARKER,SWEDISH,2026-03-02T17:00,900,t1,NOTE-MARKER back pain
                b-2,k-9,Erika NAME-MARKER,SWEDISH,2026-03-02T18:00,60,%s,NOTE-MARKER
                """.formatted(longId));

        // when
        new SessionCsvReader(SessionCsvLayout.load(mapping), "clinic-b").read(csv, sink);

        // then the payloads hold the mapped cells as written, under the canonical field each maps to
        assertThat(rejected).hasSize(2);
        assertThat(rejectedTexts.get(0))
                .isEqualTo("{\"sessionId\":\"b-1\",\"clientId\":\"k-9\",\"modality\":\"SWEDISH\","
                        + "\"start\":\"2026-03-02T17:00\",\"durationMinutes\":\"900\",\"therapistId\":\"t1\"}");
        assertThat(rejectedTexts.get(1))
                .contains("\"therapistId\":\"" + "t".repeat(SessionCsvReader.MAX_REJECTED_CELL_CHARS) + "…\"")
                .doesNotContain(longId);
        assertThat(rejectedTexts).noneMatch(text -> text.contains("MARKER") || text.contains("Erika"));
    }

    @Test
    void aMappingFileDescribesAnotherBookingSystemsExport() throws Exception {
        Path mapping = Files.writeString(dir.resolve("mapping.json"), """
                {"delimiter": ";",
                 "columns": {"sessionId": "Booking ID", "clientId": "Client No", "start": "Appointment",
                             "durationMinutes": "Minutes", "modality": "Service", "status": "State"},
                 "constants": {"timezone": "Europe/Berlin"},
                 "startFormat": "dd.MM.yyyy HH:mm",
                 "values": {"modality": {"Swedish Massage 60": "SWEDISH", "Hot Rocks": "HOT_STONE"},
                            "status": {"Done": "COMPLETED", "No-show": "NO_SHOW"}}}""");
        Path csv = Files.writeString(dir.resolve("export.csv"), """
                Booking ID;Client No;Appointment;Minutes;Service;State;Room
                b-1;k-9;29.03.2026 18:00;60;Swedish Massage 60;Done;2
                b-2;k-9;30.03.2026 18:00;60;Reiki;No-show;2
                """);

        new SessionCsvReader(SessionCsvLayout.load(mapping), "clinic-b").read(csv, sink);

        assertThat(accepted).containsExactly("2:b-1");
        // 29 March 2026 is after Berlin's spring-forward (UTC+2): 18:00 local is 16:00Z
        assertThat(sessions.get(0).getStart()).isEqualTo(Instant.parse("2026-03-29T16:00:00Z"));
        assertThat(rejected)
                .singleElement()
                .asString()
                .startsWith("3:[modality (column \"Service\"): must be one of")
                .contains("map other values in the mapping file");
    }

    @Test
    void aHeaderWithoutARequiredColumnStopsTheFileWithAnExplanation() throws Exception {
        Path csv = Files.writeString(dir.resolve("bad.csv"), "sessionId,clientId,start\ns1,c1,2026-03-02T17:00:00Z\n");
        assertThatThrownBy(() -> new SessionCsvReader(SessionCsvLayout.defaults(), "k").read(csv, sink))
                .isInstanceOf(SessionCsvLayout.MappingException.class)
                .hasMessageContaining("bad.csv: the header lacks")
                .hasMessageContaining("modality (column \"modality\")");
    }

    @Test
    void aMappingFileWithMistakesListsThemAll() throws Exception {
        Path mapping = Files.writeString(dir.resolve("m.json"), """
                {"columns": {"sessionID": "x"}, "values": {"modality": {"Foo": "FOOTSIE"}}, "delimitr": ";"}""");
        assertThatThrownBy(() -> SessionCsvLayout.load(mapping))
                .hasMessageContaining("unknown key \"delimitr\"")
                .hasMessageContaining("columns.sessionID: not a session field")
                .hasMessageContaining("values.modality[\"Foo\"] = \"FOOTSIE\": not one of");
    }
}
