package org.sleepdelta.ingest.connect.owner;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.sleepdelta.ingest.connect.SleepPage;
import org.sleepdelta.ingest.connect.VendorAccount;
import org.sleepdelta.ingest.connect.VendorConnector;
import org.sleepdelta.ingest.connect.VendorException;
import org.sleepdelta.ingest.connect.VendorWebhook;
import org.sleepdelta.schemas.connections.OAuthTokens;
import org.sleepdelta.schemas.json.StrictJson;

/**
 * An in-memory vendor for the owner's tests, shaped like Oura's API v2: one page per night (the cursor is the next
 * night), each page an Oura sleep collection the real Oura adapter reads. Its OAuth behaves like the vendors': access
 * tokens expire after {@code accessLifetime}; refresh tokens rotate, and one presented again answers {@code
 * invalid_grant}. It records every call, so tests can check what the owner did, and can be scripted to answer 429s or
 * to block in the middle of a page.
 */
final class ScriptedVendor implements VendorConnector {
    /** One data call as the vendor saw it. */
    record Fetch(Instant at, String user, LocalDate from, LocalDate to, String cursor, String accessToken) {}

    private final Clock clock;
    private final Duration accessLifetime;
    private final AtomicInteger issued = new AtomicInteger();
    private final Map<String, Instant> accessTokens = new HashMap<>();
    private final Set<String> liveRefreshTokens = new HashSet<>();
    private final List<String> presentedRefreshTokens = new ArrayList<>();
    private final List<Fetch> fetches = new ArrayList<>();
    private final List<String> revoked = new ArrayList<>();
    private final Deque<VendorException> scriptedFailures = new ArrayDeque<>();
    private int invalidGrants;
    private boolean anyAccessToken;
    private Duration pageDelay = Duration.ZERO;
    private Predicate<LocalDate> blockOn = night -> false;
    private final CountDownLatch blocked = new CountDownLatch(1);

    /** @param accessLifetime null: access tokens never expire */
    ScriptedVendor(Clock clock, Duration accessLifetime) {
        this.clock = clock;
        this.accessLifetime = accessLifetime;
    }

    /** Tokens as a code exchange would give them. */
    synchronized OAuthTokens issue() {
        int n = issued.incrementAndGet();
        String access = "access-" + n;
        String refresh = "refresh-" + n;
        Instant expires = accessLifetime == null ? null : clock.instant().plus(accessLifetime);
        accessTokens.put(access, expires == null ? Instant.MAX : expires);
        liveRefreshTokens.add(refresh);
        return new OAuthTokens(access, refresh, expires, "daily");
    }

    synchronized void failNextFetchWith(VendorException failure) {
        scriptedFailures.add(failure);
    }

    /** The user withdrew consent at the vendor: every token of theirs stops working. */
    synchronized void withdrawAllGrants() {
        accessTokens.clear();
        liveRefreshTokens.clear();
    }

    /** Every access token works: for a vendor shared by two JVMs, which cannot share its memory of tokens. */
    synchronized void acceptAnyAccessToken() {
        anyAccessToken = true;
    }

    /**
     * How long each page of a sleep fetch takes to answer: a real vendor's response time. It is a fixed pause on
     * purpose, not synchronisation: OwnersRaceIT needs pulls still under way while owners join and leave, and waits for
     * that (and everything else) with conditions on the fetches made.
     */
    synchronized void pageDelay(Duration delay) {
        pageDelay = delay;
    }

    /** Fetching a page of a night matching {@code night} never returns (until the JVM ends). */
    synchronized void blockOn(Predicate<LocalDate> night) {
        blockOn = night;
    }

    boolean awaitBlocked(Duration timeout) throws InterruptedException {
        return blocked.await(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    synchronized List<String> presentedRefreshTokens() {
        return List.copyOf(presentedRefreshTokens);
    }

    synchronized int invalidGrants() {
        return invalidGrants;
    }

    synchronized List<Fetch> fetches() {
        return List.copyOf(fetches);
    }

    synchronized List<String> revoked() {
        return List.copyOf(revoked);
    }

    @Override
    public String vendor() {
        return "oura";
    }

    @Override
    public URI authorizationUrl(String state, String codeChallenge, URI redirectUri) {
        return URI.create("http://127.0.0.1/authorize");
    }

    @Override
    public VendorAccount exchangeCode(String code, String codeVerifier, URI redirectUri) {
        return new VendorAccount("user-" + code, issue(), null);
    }

    @Override
    public synchronized OAuthTokens refresh(OAuthTokens tokens) throws VendorException {
        presentedRefreshTokens.add(tokens.refreshToken());
        if (!liveRefreshTokens.remove(tokens.refreshToken())) {
            invalidGrants++;
            throw new VendorException(VendorException.Kind.INVALID_GRANT, 400, "oura refresh: 400 invalid_grant");
        }
        accessTokens.remove(tokens.accessToken());
        return issue();
    }

    @Override
    public SleepPage fetchSleep(OAuthTokens tokens, String vendorUserId, LocalDate from, LocalDate to, String cursor)
            throws VendorException {
        LocalDate night = cursor == null ? from : LocalDate.parse(cursor);
        Duration delay;
        boolean block;
        synchronized (this) {
            fetches.add(new Fetch(clock.instant(), vendorUserId, from, to, cursor, tokens.accessToken()));
            VendorException failure = scriptedFailures.poll();
            if (failure != null) {
                throw failure;
            }
            Instant expires = accessTokens.get(tokens.accessToken());
            if (!anyAccessToken && (expires == null || !clock.instant().isBefore(expires))) {
                throw new VendorException(VendorException.Kind.UNAUTHORIZED, 401, "oura sleep: 401");
            }
            delay = pageDelay;
            block = blockOn.test(night);
        }
        if (block) {
            blocked.countDown();
            try {
                new CountDownLatch(1).await(); // until the test kills this JVM
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new VendorException(VendorException.Kind.NETWORK, 0, "oura sleep: interrupted");
            }
        }
        if (!delay.isZero()) {
            try {
                Thread.sleep(delay.toMillis()); // the vendor's response time, not synchronisation
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new VendorException(VendorException.Kind.NETWORK, 0, "oura sleep: interrupted");
            }
        }
        String next = night.isBefore(to) ? night.plusDays(1).toString() : null;
        return new SleepPage(page(vendorUserId, night), "oura", next);
    }

    @Override
    public synchronized void revoke(OAuthTokens tokens, String vendorUserId) {
        revoked.add(vendorUserId);
        accessTokens.remove(tokens.accessToken());
        liveRefreshTokens.remove(tokens.refreshToken());
    }

    @Override
    public VendorWebhook webhook() {
        return VendorWebhook.NONE;
    }

    /** The night's document id, which the Oura adapter turns into the record's sourceRecordId. */
    static String documentId(String user, LocalDate night) {
        return "night-" + user + "-" + night;
    }

    /** An Oura sleep collection with one long sleep ending on the morning of {@code night}. */
    static byte[] page(String user, LocalDate night) {
        ObjectNode body = StrictJson.mapper().createObjectNode();
        ArrayNode data = body.putArray("data");
        ObjectNode doc = data.addObject();
        Instant start = night.minusDays(1).atTime(23, 0).toInstant(ZoneOffset.UTC);
        doc.put("id", documentId(user, night));
        doc.put("type", "long_sleep");
        doc.put("day", night.toString());
        doc.put("bedtime_start", start.toString());
        doc.put("bedtime_end", start.plus(Duration.ofHours(8)).toString());
        doc.put("time_in_bed", 8 * 3600);
        doc.put("total_sleep_duration", 7 * 3600);
        doc.put("awake_time", 3600);
        doc.put("deep_sleep_duration", 3600);
        doc.put("rem_sleep_duration", 5400);
        doc.put("light_sleep_duration", 16200);
        doc.put("latency", 600);
        body.putNull("next_token");
        return body.toString().getBytes(StandardCharsets.UTF_8);
    }
}
