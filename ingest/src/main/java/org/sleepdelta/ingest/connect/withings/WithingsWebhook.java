package org.sleepdelta.ingest.connect.withings;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.sleepdelta.ingest.connect.VendorWebhook;

/**
 * Withings' notifications (docs/connections/withings.md#notifications). Withings checks a callback with a
 * {@code HEAD} request before subscribing it, and wants a 2xx; it then POSTs form bodies ({@code userid},
 * {@code appli}, {@code startdate}/{@code enddate} in Unix seconds, {@code action} for profile events).
 *
 * <p>Withings signs nothing, so a notification is never trusted with data: it only tells the owner to pull the named
 * nights from Withings with the connection's own token, and the route acts only on user ids that belong to a
 * connection. A forged notification can at most cause one extra pull. Sleep (44) becomes {@link Event.Kind#CHANGED}
 * over the notified dates, one day wider on each side since the times are instants and the user's zone is not known
 * here; a profile event (46) with {@code action=unlink} or {@code delete} becomes {@link Event.Kind#DEREGISTERED}.
 */
final class WithingsWebhook implements VendorWebhook {
    private static final Pattern USER_ID = Pattern.compile("[0-9]{1,20}");

    @Override
    public Reply handle(Request request) {
        return switch (request.method()) {
            case "HEAD", "GET" -> Reply.handshake(200, null, null);
            case "POST" -> notification(form(request.body()));
            default -> Reply.refused(405, "method_not_allowed");
        };
    }

    private static Reply notification(Map<String, String> form) {
        String userId = form.get("userid");
        if (userId == null || !USER_ID.matcher(userId).matches()) {
            return Reply.refused(400, "missing_userid");
        }
        int appli;
        try {
            appli = Integer.parseInt(form.getOrDefault("appli", ""));
        } catch (NumberFormatException e) {
            return Reply.refused(400, "missing_appli");
        }
        if (appli == WithingsConnector.APPLI_SLEEP) {
            LocalDate from = date(form.get("startdate"), -1);
            LocalDate to = date(form.get("enddate"), 1);
            if (from != null && to != null && to.isBefore(from)) {
                return Reply.refused(400, "bad_dates");
            }
            return ok(List.of(new Event(userId, Event.Kind.CHANGED, from, to, null)));
        }
        if (appli == WithingsConnector.APPLI_USER_PROFILE) {
            String action = form.get("action");
            if ("unlink".equals(action) || "delete".equals(action)) {
                return ok(List.of(new Event(userId, Event.Kind.DEREGISTERED, null, null, null)));
            }
        }
        return ok(List.of()); // a category we did not subscribe to, or a profile update: nothing to do
    }

    /** Withings wants 200 (not only any 2xx) or it retries; there is no body to send. */
    private static Reply ok(List<Event> events) {
        return new Reply(200, null, null, events, null);
    }

    private static LocalDate date(String epochSeconds, int widenDays) {
        if (epochSeconds == null) {
            return null;
        }
        try {
            return LocalDate.ofInstant(Instant.ofEpochSecond(Long.parseLong(epochSeconds)), ZoneOffset.UTC)
                    .plusDays(widenDays);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static Map<String, String> form(byte[] body) {
        Map<String, String> form = new HashMap<>();
        for (String pair : new String(body, StandardCharsets.UTF_8).split("&", -1)) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                continue;
            }
            try {
                form.putIfAbsent(
                        URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                // a malformed escape: the pair is ignored, and a missing userid refuses the call
            }
        }
        return form;
    }
}
