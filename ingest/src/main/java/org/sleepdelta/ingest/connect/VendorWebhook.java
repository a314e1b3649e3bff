package org.sleepdelta.ingest.connect;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One vendor's webhook, served at {@code /v1/webhooks/{vendor}} without an API key: the vendor proves itself the way
 * its documentation says (a signature over the body with our client secret, a verification handshake), and a forged
 * or unverifiable call is refused without touching any connection. The route looks up each event's user by {@link
 * Event#vendorUserId} among the connections and writes a request to its owner.
 */
public interface VendorWebhook {
    /**
     * Checks and reads one call.
     *
     * @return the answer to send and the events it carried (none for a handshake)
     */
    Reply handle(Request request);

    VendorWebhook NONE = request -> Reply.refused(404, "this vendor has no webhook");

    /**
     * A webhook call as received.
     *
     * @param method  {@code GET}, {@code HEAD} or {@code POST}
     * @param query   the query parameters (first value of each)
     * @param headers the headers, names lower-cased (first value of each)
     * @param body    the raw body (empty for GET and HEAD), size-limited by the route
     */
    record Request(String method, Map<String, String> query, Map<String, String> headers, byte[] body) {
        public Request {
            query = Map.copyOf(query);
            headers = Map.copyOf(headers);
            Objects.requireNonNull(body, "body");
        }

        public String header(String lowerCaseName) {
            return headers.get(lowerCaseName);
        }
    }

    /**
     * What a webhook told us about one user.
     *
     * @param vendorUserId the vendor's id of the user
     * @param kind         new or changed data (pull {@code from..to}), data delivered in the call itself ({@link
     *                     Kind#PUSHED}, whose {@code payload} ingest writes as an upload of it would be), or consent
     *                     withdrawn
     * @param from         the first night concerned, null when the vendor does not say (the usual lookback applies)
     * @param to           the last night concerned, null when the vendor does not say
     * @param payload      {@link Kind#PUSHED} only: the vendor's own payload for this user, as its adapter reads it
     */
    record Event(String vendorUserId, Kind kind, LocalDate from, LocalDate to, byte[] payload) {
        public enum Kind {
            CHANGED,
            PUSHED,
            DEREGISTERED
        }

        public Event {
            Objects.requireNonNull(vendorUserId, "vendorUserId");
            Objects.requireNonNull(kind, "kind");
            if (kind == Kind.PUSHED && payload == null) {
                throw new IllegalArgumentException("a PUSHED event carries its payload");
            }
        }

        @Override
        public String toString() {
            return "Event[" + kind + " " + from + ".." + to + "]";
        }
    }

    /**
     * @param status      the HTTP status to answer
     * @param contentType the answer's content type, null for no body
     * @param body        the answer's body (a handshake's challenge), empty for none
     * @param events      what the call carried; empty when refused or a handshake
     * @param refusal     why it was refused (for the log and the {@code reason} of a metric), null when accepted
     */
    record Reply(int status, String contentType, byte[] body, List<Event> events, String refusal) {
        public Reply {
            body = body == null ? new byte[0] : body;
            events = List.copyOf(events);
        }

        public static Reply accepted(List<Event> events) {
            return new Reply(204, null, null, events, null);
        }

        public static Reply handshake(int status, String contentType, byte[] body) {
            return new Reply(status, contentType, body, List.of(), null);
        }

        /** @param reason short and fixed ({@code bad_signature}, {@code stale_timestamp}), never from the request */
        public static Reply refused(int status, String reason) {
            return new Reply(status, null, null, List.of(), reason);
        }
    }
}
