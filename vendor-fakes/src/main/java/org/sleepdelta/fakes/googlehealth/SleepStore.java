package org.sleepdelta.fakes.googlehealth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * Each user's sleep data points, by id, in the order the list returns them: by {@code interval.startTime}, then id.
 * A put with an existing id replaces the point (Google re-scoring a sleep), a delete removes it: the list never
 * shows deleted points.
 */
final class SleepStore {
    /** Where a page ended: the next page starts after this point. */
    record Position(Instant startTime, String id) {}

    private static final Comparator<Position> ORDER =
            Comparator.comparing(Position::startTime).thenComparing(Position::id);

    private final Map<String, TreeMap<Position, ObjectNode>> byUser = new ConcurrentHashMap<>();

    synchronized void put(String userId, ObjectNode point) {
        Position position = position(point);
        TreeMap<Position, ObjectNode> points = byUser.computeIfAbsent(userId, u -> new TreeMap<>(ORDER));
        points.keySet().removeIf(p -> p.id().equals(position.id()));
        points.put(position, point.deepCopy());
    }

    synchronized boolean delete(String userId, String id) {
        TreeMap<Position, ObjectNode> points = byUser.get(userId);
        return points != null && points.keySet().removeIf(p -> p.id().equals(id));
    }

    /** Up to {@code limit} matching points after {@code after} (null: from the first), and whether more match. */
    synchronized Page page(String userId, Predicate<ObjectNode> filter, Position after, int limit) {
        TreeMap<Position, ObjectNode> points = byUser.getOrDefault(userId, new TreeMap<>(ORDER));
        List<ObjectNode> page = new ArrayList<>();
        Position last = null;
        boolean more = false;
        for (Map.Entry<Position, ObjectNode> entry :
                (after == null ? points : points.tailMap(after, false)).entrySet()) {
            if (!filter.test(entry.getValue())) {
                continue;
            }
            if (page.size() == limit) {
                more = true;
                break;
            }
            page.add(entry.getValue().deepCopy());
            last = entry.getKey();
        }
        return new Page(page, more ? last : null);
    }

    record Page(List<ObjectNode> points, Position next) {}

    synchronized int count(String userId) {
        TreeMap<Position, ObjectNode> points = byUser.get(userId);
        return points == null ? 0 : points.size();
    }

    static Position position(JsonNode point) {
        String name = point.path("name").asText("");
        String id = name.substring(name.lastIndexOf('/') + 1);
        if (id.isEmpty()) {
            throw new IllegalArgumentException("a data point needs a name ending in its id");
        }
        return new Position(
                Instant.parse(
                        point.path("sleep").path("interval").path("startTime").asText()),
                id);
    }

    /** The civil (local) start of a point: {@code interval.startTime} moved by {@code interval.startUtcOffset}. */
    static LocalDateTime civilStart(JsonNode point) {
        JsonNode interval = point.path("sleep").path("interval");
        Instant start = Instant.parse(interval.path("startTime").asText());
        Duration offset = Optional.ofNullable(interval.get("startUtcOffset"))
                .map(JsonNode::asText)
                .map(SleepStore::protoDuration)
                .orElse(Duration.ZERO);
        return LocalDateTime.ofInstant(start, ZoneOffset.ofTotalSeconds((int) offset.toSeconds()));
    }

    /** A {@code google.protobuf.Duration} in JSON, e.g. {@code "3600s"} or {@code "-18000s"}. */
    static Duration protoDuration(String text) {
        if (!text.endsWith("s")) {
            throw new IllegalArgumentException("not a protobuf Duration: " + text);
        }
        return Duration.ofMillis(Math.round(Double.parseDouble(text.substring(0, text.length() - 1)) * 1000));
    }
}
