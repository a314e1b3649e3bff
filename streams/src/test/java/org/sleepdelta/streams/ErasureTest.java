package org.sleepdelta.streams;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.sleepdelta.avro.MassageSession;
import org.sleepdelta.avro.NightlySleep;
import org.sleepdelta.avro.Rejection;
import org.sleepdelta.avro.RejectionReason;
import org.sleepdelta.avro.SessionStatus;
import org.sleepdelta.avro.SleepChangeMetric;
import org.sleepdelta.avro.SleepRecord;
import org.sleepdelta.schemas.ClientKey;
import org.sleepdelta.schemas.codec.Codecs;
import org.sleepdelta.schemas.crypto.ClientKeyRecords;
import org.sleepdelta.schemas.crypto.DataKey;
import org.sleepdelta.schemas.crypto.PayloadEnvelope;
import org.sleepdelta.schemas.erasure.ErasureAction;
import org.sleepdelta.schemas.erasure.ErasureEvent;
import org.sleepdelta.schemas.erasure.ErasureRequest;
import org.sleepdelta.schemas.erasure.ErasureStage;

/**
 * Issue 12: a request on {@code client-erasures} makes the client disappear from the streams application — every
 * store entry deleted, a tombstone for every dashboard and nightly key the client has or had, later records ignored
 * until the client is re-registered — and leaves one audit event per request that never names the client.
 *
 * <p>Given two clients of clinic-a: {@code erased-client-x} (to be erased) and {@code kept-client-y}, each with two
 * sessions and three weeks of nights; the erased one also has a withdrawn night and a cancelled session, whose keys
 * were already tombstoned.
 */
class ErasureTest {
    static final String ERASED = "erased-client-x";
    static final String KEPT = "kept-client-y";
    static final ClientKey ERASED_KEY = new ClientKey(TestData.CLINIC, ERASED);
    static final LocalDate FIRST_NIGHT = LocalDate.of(2026, 3, 1);

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final TopologyHarness harness = new TopologyHarness(
            TopologySettings.defaults().keepingEverything(),
            TopologyMetrics.on(registry),
            Stores::inMemoryKeyValueStore);
    /** Every key each output topic ever received, by client. */
    private final Map<String, Set<String>> dashboardKeys = new HashMap<>();

    private final Map<String, Set<String>> nightlyKeys = new HashMap<>();

    @AfterEach
    void close() {
        harness.close();
    }

    private void givenClient(String client, boolean withWithdrawals) {
        for (int i = 0; i < 21; i++) {
            harness.sleep(TestData.night(FIRST_NIGHT.plusDays(i), 400 + 3 * i)
                    .setClientId(client)
                    .build());
        }
        harness.session(session(client, "s1", FIRST_NIGHT.plusDays(14)).build());
        harness.session(session(client, "s2", FIRST_NIGHT.plusDays(16)).build());
        if (withWithdrawals) {
            SleepRecord extra = TestData.night(FIRST_NIGHT.plusDays(30), 380)
                    .setClientId(client)
                    .build();
            harness.sleep(extra);
            harness.sleep(TestData.deletionOf(extra));
            harness.session(session(client, "s3", FIRST_NIGHT.plusDays(18)).build());
            harness.session(session(client, "s3", FIRST_NIGHT.plusDays(18))
                    .setStatus(SessionStatus.CANCELLED)
                    .build());
        }
        readOutput();
    }

    private static MassageSession.Builder session(String client, String id, LocalDate day) {
        return TestData.session(id, day, LocalTime.of(10, 0)).setClientId(client);
    }

    private List<TestRecord<String, SleepChangeMetric>> readOutput() {
        List<TestRecord<String, SleepChangeMetric>> dashboard = harness.newOutput();
        dashboard.forEach(r -> dashboardKeys
                .computeIfAbsent(clientOf(r.key()), c -> new TreeSet<>())
                .add(r.key()));
        return dashboard;
    }

    private List<TestRecord<String, NightlySleep>> readNightly() {
        List<TestRecord<String, NightlySleep>> nightly = harness.newNightlyOutput();
        nightly.forEach(r -> nightlyKeys
                .computeIfAbsent(clientOf(r.key()), c -> new TreeSet<>())
                .add(r.key()));
        return nightly;
    }

    private static String clientOf(String outputKey) {
        return outputKey.split("/")[1];
    }

    private static ErasureRequest request(String erasureId, ErasureAction action) {
        return new ErasureRequest(
                erasureId, ERASED_KEY, action, Instant.parse("2026-04-01T09:00:00Z"), "key:front-desk");
    }

    /** Every entry of every store whose key belongs to the client (the clock is keyed by the client itself). */
    private Map<String, Set<String>> storeKeysOf(ClientKey client) {
        Map<String, Set<String>> found = new HashMap<>();
        for (String store : allStores()) {
            Set<String> keys = harness.store(store).keySet().stream()
                    .filter(k -> k.equals(client.toString()) || k.startsWith(client + "/"))
                    .collect(Collectors.toSet());
            if (!keys.isEmpty()) {
                found.put(store, keys);
            }
        }
        return found;
    }

    private Set<String> allStores() {
        return new HashSet<>(harness.driver.getAllStateStores().keySet());
    }

    private double counter(String name, String... tags) {
        return registry.get(name).tags(tags).counter().count();
    }

    private List<ErasureEvent> auditEvents() {
        return harness.auditRecords().stream()
                .map(r -> {
                    ErasureEvent event = ErasureEvent.decode(r.value());
                    assertThat(r.key()).isEqualTo(event.erasureId());
                    assertThat(new String(r.value(), StandardCharsets.UTF_8)).doesNotContain(ERASED);
                    return event;
                })
                .toList();
    }

    @Test
    void erasingDeletesEveryStoreEntryOfTheClientAndTombstonesExactlyItsDashboardAndNightlyKeys() {
        givenClient(ERASED, true);
        givenClient(KEPT, false);
        readNightly();
        Map<String, SleepChangeMetric> keptDashboard = harness.dashboardState();
        Map<String, NightlySleep> keptNightly = harness.nightlyState();
        keptDashboard.keySet().removeIf(k -> !clientOf(k).equals(KEPT));
        keptNightly.keySet().removeIf(k -> !clientOf(k).equals(KEPT));
        Map<String, Set<String>> keptStoreKeys = storeKeysOf(new ClientKey(TestData.CLINIC, KEPT));
        assertThat(storeKeysOf(ERASED_KEY)).isNotEmpty();
        assertThat(dashboardKeys.get(ERASED)).contains(TestData.CLINIC + "/" + ERASED + "/s3/WEEK_1");
        assertThat(nightlyKeys.get(ERASED)).contains(TestData.CLINIC + "/" + ERASED + "/" + FIRST_NIGHT.plusDays(30));

        harness.erasure(request("erasure-1", ErasureAction.ERASE));

        assertThat(storeKeysOf(ERASED_KEY)).isEmpty();
        List<TestRecord<String, SleepChangeMetric>> dashboard = readOutput();
        List<TestRecord<String, NightlySleep>> nightly = readNightly();
        assertThat(dashboard).allSatisfy(r -> assertThat(r.value()).isNull());
        assertThat(nightly).allSatisfy(r -> assertThat(r.value()).isNull());
        assertThat(dashboard)
                .extracting(TestRecord::key)
                .containsExactlyInAnyOrderElementsOf(dashboardKeys.get(ERASED));
        assertThat(nightly).extracting(TestRecord::key).containsExactlyInAnyOrderElementsOf(nightlyKeys.get(ERASED));
        // the other client: the same outputs key by key, the same state
        Map<String, SleepChangeMetric> dashboardAfter = harness.dashboardState();
        Map<String, NightlySleep> nightlyAfter = harness.nightlyState();
        assertThat(dashboardAfter).isEqualTo(keptDashboard);
        assertThat(nightlyAfter).isEqualTo(keptNightly);
        assertThat(storeKeysOf(new ClientKey(TestData.CLINIC, KEPT))).isEqualTo(keptStoreKeys);
        assertThat(harness.rejections()).isEmpty();
    }

    @Test
    void keysTheRetentionSweepForgotStillGetTombstones() {
        TopologyHarness swept = new TopologyHarness(TopologySettings.defaults());
        try {
            // the client's data in January, then a pacer moves event time to June: the sweep deletes January
            for (int i = 0; i < 10; i++) {
                swept.sleep(TestData.night(LocalDate.of(2026, 1, 1).plusDays(i), 400)
                        .setClientId(ERASED)
                        .build());
            }
            swept.session(session(ERASED, "s1", LocalDate.of(2026, 1, 5)).build());
            Set<String> dashboard = swept.dashboardState().keySet();
            Set<String> nightly = swept.nightlyState().keySet();
            assertThat(dashboard).hasSize(3);
            assertThat(nightly).hasSize(10);
            swept.sleep(TestData.night(LocalDate.of(2026, 6, 1), 400)
                    .setClientId("pacer")
                    .build());
            swept.session(TestData.session("p1", LocalDate.of(2026, 6, 2), LocalTime.of(10, 0))
                    .setClientId("pacer")
                    .build());
            swept.newOutput();
            swept.newNightlyOutput();
            swept.advanceWallClock(Duration.ofMinutes(5));
            assertThat(swept.<Object>store(StoreNames.SLEEP_BY_NIGHT).keySet())
                    .noneMatch(k -> k.startsWith(ERASED_KEY + "/"));
            assertThat(swept.<Object>store(StoreNames.EMITTED).keySet()).noneMatch(k -> k.startsWith(ERASED_KEY + "/"));

            swept.erasure(request("erasure-1", ErasureAction.ERASE));

            assertThat(swept.newOutput()).extracting(TestRecord::key).containsExactlyInAnyOrderElementsOf(dashboard);
            assertThat(swept.newNightlyOutput())
                    .extracting(TestRecord::key)
                    .containsExactlyInAnyOrderElementsOf(nightly);
        } finally {
            swept.close();
        }
    }

    @Test
    void laterRecordsOfAnErasedClientAreIgnoredAndCountedUntilTheClientIsReregistered() {
        givenClient(ERASED, false);
        harness.erasure(request("erasure-1", ErasureAction.ERASE));
        readOutput();
        readNightly();

        harness.sleep(TestData.night(FIRST_NIGHT.plusDays(22), 430)
                .setClientId(ERASED)
                .build());
        harness.session(session(ERASED, "s9", FIRST_NIGHT.plusDays(20)).build());
        harness.rawSleep(ERASED_KEY.toString(), "not avro".getBytes(StandardCharsets.UTF_8));

        assertThat(readOutput()).isEmpty();
        assertThat(readNightly()).isEmpty();
        assertThat(harness.rejections()).isEmpty();
        assertThat(storeKeysOf(ERASED_KEY)).isEmpty();
        assertThat(counter(TopologyMetrics.ERASED_CLIENT_RECORDS, "kind", "sleep"))
                .isEqualTo(2);
        assertThat(counter(TopologyMetrics.ERASED_CLIENT_RECORDS, "kind", "session"))
                .isEqualTo(1);
        assertThat(counter(TopologyMetrics.PROCESSED, "kind", "sleep")).isEqualTo(21 + 2);

        harness.erasure(request("erasure-2", ErasureAction.REREGISTER));
        givenClient(ERASED, false);

        assertThat(dashboardKeys.get(ERASED)).isNotEmpty();
        assertThat(harness.dashboardState())
                .hasEntrySatisfying(
                        TestData.CLINIC + "/" + ERASED + "/s1/WEEK_1",
                        metric -> assertThat(metric.getRevision()).isEqualTo(1L));
        assertThat(harness.nightlyState().keySet()).anyMatch(k -> clientOf(k).equals(ERASED));
        assertThat(counter(TopologyMetrics.ERASED_CLIENT_RECORDS, "kind", "sleep"))
                .isEqualTo(2);
        assertThat(counter(TopologyMetrics.ERASURE_REQUESTS, "outcome", "erased"))
                .isEqualTo(1);
        assertThat(counter(TopologyMetrics.ERASURE_REQUESTS, "outcome", "reregistered"))
                .isEqualTo(1);
    }

    @Test
    void anEncryptedRecordOfAnErasedClientHasItsDataKeyDestroyedOnceAndAPlainOneDestroysNothing() {
        givenClient(ERASED, false);
        harness.erasure(request("erasure-1", ErasureAction.ERASE));
        DataKey sentAfterTheErasure = DataKey.generate();
        byte[] night = Codecs.sleepRecord()
                .encode(TestData.night(FIRST_NIGHT.plusDays(22), 430)
                        .setClientId(ERASED)
                        .build());

        harness.rawSleep(
                ERASED_KEY.toString(), PayloadEnvelope.seal(sentAfterTheErasure, ERASED_KEY.toString(), night));
        harness.rawSleep(
                ERASED_KEY.toString(), PayloadEnvelope.seal(sentAfterTheErasure, ERASED_KEY.toString(), night));
        harness.rawSleep(ERASED_KEY.toString(), night);

        assertThat(harness.clientKeyRecords())
                .as("one tombstone for the key the two sealed records name; nothing for the plain one")
                .singleElement()
                .satisfies(r -> {
                    assertThat(r.key())
                            .isEqualTo(ClientKeyRecords.recordKey(ERASED_KEY.toString(), sentAfterTheErasure.id()));
                    assertThat(r.value()).isNull();
                });
        assertThat(harness.rejections()).isEmpty();
        assertThat(counter(TopologyMetrics.ERASED_CLIENT_RECORDS, "kind", "sleep"))
                .isEqualTo(3);

        givenClient(KEPT, false);
        assertThat(harness.clientKeyRecords())
                .as("records of other clients destroy no key")
                .isEmpty();
    }

    @Test
    void theDenyListKeepsNoClientIdInPlainText() {
        givenClient(ERASED, false);

        harness.erasure(request("erasure-1", ErasureAction.ERASE));

        Map<String, String> denyList = harness.store(StoreNames.ERASED_CLIENTS);
        assertThat(denyList).containsOnlyKeys(ErasedClients.token(ERASED_KEY.toString()));
        assertThat(denyList.keySet().iterator().next()).doesNotContain(ERASED).hasSize(64);
        assertThat(denyList.values()).containsExactly("erasure-1");
    }

    @Test
    void everyRequestWritesOneAuditEventWithCountsAndAnErasureOfNothingToo() {
        givenClient(ERASED, false);
        int entries =
                storeKeysOf(ERASED_KEY).values().stream().mapToInt(Set::size).sum();
        readNightly();
        int tombstones =
                dashboardKeys.get(ERASED).size() + nightlyKeys.get(ERASED).size();

        harness.erasure(request("erasure-1", ErasureAction.ERASE));
        harness.erasure(request("erasure-2", ErasureAction.ERASE));
        harness.erasure(request("erasure-3", ErasureAction.REREGISTER));
        harness.erasure(request("erasure-4", ErasureAction.REREGISTER));

        List<ErasureEvent> events = auditEvents();
        assertThat(events)
                .extracting(ErasureEvent::erasureId)
                .containsExactly("erasure-1", "erasure-2", "erasure-3", "erasure-4");
        assertThat(events).allSatisfy(e -> {
            assertThat(e.stage()).isEqualTo(ErasureStage.STREAMS_STATE_ERASED);
            assertThat(e.by()).isEqualTo("streams");
            assertThat(e.clinicId()).isEqualTo(TestData.CLINIC);
        });
        assertThat(events)
                .extracting(ErasureEvent::detail)
                .containsExactly(
                        entries + " store entries, " + tombstones + " tombstones",
                        "0 store entries, 0 tombstones",
                        "1 deny-list entry removed",
                        "0 deny-list entries removed");
        assertThat(events)
                .extracting(ErasureEvent::action)
                .containsExactly(
                        ErasureAction.ERASE, ErasureAction.ERASE, ErasureAction.REREGISTER, ErasureAction.REREGISTER);
    }

    @Test
    void aMalformedRequestIsRejectedNamingTheFieldAndErasesNothing() {
        givenClient(ERASED, false);
        Map<String, Set<String>> before = storeKeysOf(ERASED_KEY);
        String json = new String(request("erasure-1", ErasureAction.ERASE).encode(), StandardCharsets.UTF_8)
                .replace("\"ERASE\"", "\"FORGET\"");

        harness.rawErasure(ERASED_KEY.toString(), json.getBytes(StandardCharsets.UTF_8));
        harness.rawErasure(ERASED_KEY.toString(), "{".getBytes(StandardCharsets.UTF_8));
        harness.rawErasure(
                "clinic-a/someone-else",
                request("erasure-2", ErasureAction.ERASE).encode());

        List<Rejection> rejections = harness.rejections();
        assertThat(rejections)
                .extracting(Rejection::getReason)
                .containsExactly(RejectionReason.INVALID, RejectionReason.INVALID, RejectionReason.WRONG_KEY);
        assertThat(rejections.get(0).getField()).isEqualTo("action");
        assertThat(rejections.get(0).getDetail()).contains("action").contains("unknown value");
        assertThat(rejections.get(0).getSourceTopic()).isEqualTo("client-erasures");
        assertThat(rejections.get(1).getField()).isNull();
        assertThat(storeKeysOf(ERASED_KEY)).isEqualTo(before);
        assertThat(harness.auditRecords()).isEmpty();
        assertThat(readOutput()).isEmpty();
        assertThat(counter(TopologyMetrics.ERASURE_REQUESTS, "outcome", "rejected"))
                .isEqualTo(3);
        assertThat(counter(TopologyMetrics.REJECTED, "reason", "INVALID")).isEqualTo(2);

        // processing goes on
        harness.erasure(request("erasure-3", ErasureAction.ERASE));
        assertThat(auditEvents()).hasSize(1);
        assertThat(storeKeysOf(ERASED_KEY)).isEmpty();
    }

    @Test
    void anErasureThatFailsHalfWayIsUndoneAndRejectedAndWritesNoAuditEvent() {
        // the deny-list write comes after every deletion: failing there leaves the most to undo
        String token = ErasedClients.token(ERASED_KEY.toString());
        TopologyHarness failing = new TopologyHarness(
                TopologySettings.defaults().keepingEverything(),
                TopologyMetrics.on(registry),
                name -> FailingStore.supplier(
                        name, StoreNames.ERASED_CLIENTS, token::equals, new IllegalStateException("injected")));
        try {
            for (int i = 0; i < 10; i++) {
                failing.sleep(TestData.night(FIRST_NIGHT.plusDays(i), 400)
                        .setClientId(ERASED)
                        .build());
            }
            failing.session(session(ERASED, "s1", FIRST_NIGHT.plusDays(7)).build());
            Map<String, Object> before = new HashMap<>();
            for (String store : failing.driver.getAllStateStores().keySet()) {
                failing.<Object>store(store).forEach((k, v) -> before.put(store + " " + k, v));
            }
            Map<String, SleepChangeMetric> dashboard = failing.dashboardState();
            Map<String, NightlySleep> nightly = failing.nightlyState();

            failing.erasure(request("erasure-1", ErasureAction.ERASE));

            Map<String, Object> after = new HashMap<>();
            for (String store : failing.driver.getAllStateStores().keySet()) {
                failing.<Object>store(store).forEach((k, v) -> after.put(store + " " + k, v));
            }
            assertThat(after).isEqualTo(before);
            assertThat(failing.newOutput()).isEmpty();
            assertThat(failing.newNightlyOutput()).isEmpty();
            assertThat(failing.dashboardState()).isEqualTo(dashboard);
            assertThat(failing.nightlyState()).isEqualTo(nightly);
            assertThat(failing.auditRecords()).isEmpty();
            List<Rejection> rejections = failing.rejections();
            assertThat(rejections).singleElement().satisfies(r -> {
                assertThat(r.getReason()).isEqualTo(RejectionReason.INVALID);
                assertThat(r.getDetail()).startsWith("processing failed");
                assertThat(r.getSourceTopic()).isEqualTo("client-erasures");
            });
            assertThat(counter(TopologyMetrics.ERASURE_REQUESTS, "outcome", "rejected"))
                    .isEqualTo(1);
            assertThat(counter(TopologyMetrics.PROCESSING_FAILURES)).isEqualTo(1);
        } finally {
            failing.close();
        }
    }
}
