package org.sleepdelta.ingest.connect.garmin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.sleepdelta.avro.SleepRecord;
import org.sleepdelta.ingest.connect.SleepPage;
import org.sleepdelta.ingest.connect.VendorWebhook;
import org.sleepdelta.ingest.vendor.AdapterContext;
import org.sleepdelta.ingest.vendor.Vendor;
import org.sleepdelta.ingest.vendor.VendorAdapter;
import org.sleepdelta.ingest.vendor.VendorAdapters;
import org.sleepdelta.ingest.vendor.jsonapi.CollectingSink;
import org.sleepdelta.ingest.vendor.jsonapi.Fixtures;
import org.sleepdelta.schemas.connections.OAuthTokens;

/**
 * A night pulled (or pushed) from Garmin through the existing Garmin adapter is exactly the record an upload of the
 * same summary to {@code POST /v1/wearables/garmin/sleep} gives: the adapter's own fixtures, uploaded into the fake
 * as the watch would, come back as the same records, re-scored nights included; a deleted night is no longer served.
 */
class GarminPulledNightsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AdapterContext MADRID =
            new AdapterContext("clinic-7", "client-42", ZoneId.of("Europe/Madrid"));
    private static final String USER = "4aacafe82427c251df9c9592d0c06768";
    private static final String NIGHT = "garmin:x3b9e7d2-69a4b2f0-6978";
    private static final LocalDate DAY = LocalDate.parse("2026-03-02");

    private final GarminFixture fixture = new GarminFixture(Instant.parse("2026-03-02T07:30:00Z"));
    private final VendorAdapter adapter =
            VendorAdapters.forVendor(Vendor.GARMIN).orElseThrow();

    @AfterEach
    void close() {
        fixture.close();
    }

    @Test
    void pulledTentativeThenFinalNightsAreTheRecordsTheirUploadsGive() throws Exception {
        OAuthTokens tokens = fixture.connect(USER).tokens();
        fixture.garmin.upload(USER, fixtureSummary("garmin/push-tentative.json"));
        fixture.clock.advance(Duration.ofMinutes(30));

        List<SleepRecord> tentative = pull(tokens);

        assertThat(tentative).containsExactlyElementsOf(uploaded("garmin/push-tentative.json"));

        // when Garmin re-scores the night the next day
        fixture.clock.advance(Duration.ofHours(26));
        fixture.garmin.upload(USER, fixtureSummary("garmin/push-final.json"));
        fixture.clock.advance(Duration.ofMinutes(30));
        List<SleepRecord> fin = pull(fixture.connector.refresh(tokens)); // a day on, the access token has expired

        // then the pull gives the final record, under the same id, so it replaces the tentative one downstream
        assertThat(fin).containsExactlyElementsOf(uploaded("garmin/push-final.json"));
        assertThat(fin.get(0).getSourceRecordId()).isEqualTo(NIGHT);
    }

    @Test
    void aPushedNightIsTheRecordItsUploadGives() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver(fixture.connector.webhook())) {
            fixture.garmin.upload(USER, fixtureSummary("garmin/push-final.json"));
            fixture.garmin.pushAll(receiver.url(), USER);

            VendorWebhook.Event pushed = receiver.lastReply().events().get(0);

            assertThat(normalise(pushed.payload())).containsExactlyElementsOf(uploaded("garmin/push-final.json"));
        }
    }

    @Test
    void aDeletedNightIsNoLongerPulled() throws Exception {
        OAuthTokens tokens = fixture.connect(USER).tokens();
        fixture.garmin.upload(USER, fixtureSummary("garmin/push-tentative.json"));
        fixture.garmin.delete(USER, "x3b9e7d2-69a4b2f0-6978");
        fixture.clock.advance(Duration.ofMinutes(30));

        assertThat(pull(tokens)).isEmpty();
    }

    /** Every page of the night's pull, each through the adapter, as the owner writes them. */
    private List<SleepRecord> pull(OAuthTokens tokens) throws Exception {
        List<SleepRecord> records = new ArrayList<>();
        String cursor = null;
        do {
            SleepPage page = fixture.connector.fetchSleep(tokens, USER, DAY, DAY, cursor);
            assertThat(page.adapterVendor()).isEqualTo(Vendor.GARMIN.pathName());
            records.addAll(normalise(page.payload()));
            cursor = page.nextPageCursor();
        } while (cursor != null);
        return records;
    }

    private List<SleepRecord> normalise(byte[] payload) throws Exception {
        CollectingSink sink = Fixtures.run(adapter, new ByteArrayInputStream(payload), MADRID);
        assertThat(sink.problems).isEmpty();
        return sink.records;
    }

    private List<SleepRecord> uploaded(String fixtureName) throws Exception {
        CollectingSink sink = Fixtures.run(adapter, fixtureName, MADRID);
        assertThat(sink.problems).isEmpty();
        return sink.records;
    }

    private static ObjectNode fixtureSummary(String name) throws Exception {
        try (InputStream in = Fixtures.open(name)) {
            JsonNode root = JSON.readTree(in);
            return (ObjectNode) root.path("sleeps").get(0);
        }
    }
}
