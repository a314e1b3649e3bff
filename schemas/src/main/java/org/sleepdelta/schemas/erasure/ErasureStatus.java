package org.sleepdelta.schemas.erasure;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.sleepdelta.schemas.json.StrictJson;

/**
 * Where one erasure stands, from its audit events: who asked and when, the stages completed, and whether every stage
 * its action passes is done ({@link State#COMPLETE}) or which are still missing.
 */
public record ErasureStatus(
        String erasureId,
        String clinicId,
        ErasureAction action,
        Instant requestedAt,
        String requestedBy,
        List<Completed> completed,
        Set<ErasureStage> missing) {

    public enum State {
        IN_PROGRESS,
        COMPLETE
    }

    /** A stage done: when, by which service, and its counts. */
    public record Completed(ErasureStage stage, Instant at, String by, String detail) {}

    /** Every stage an action passes. */
    public static Set<ErasureStage> stagesOf(ErasureAction action) {
        return action == ErasureAction.REREGISTER
                ? EnumSet.copyOf(ErasureStage.FOR_REREGISTER)
                : EnumSet.allOf(ErasureStage.class);
    }

    public State state() {
        return missing.isEmpty() ? State.COMPLETE : State.IN_PROGRESS;
    }

    /**
     * The status from one erasure's events, as read in order; a stage reported twice counts once, at its first report.
     *
     * @return empty when no event is there, or none is of {@code clinicId} (an erasure of another clinic looks
     *     exactly like an unknown one); {@code clinicId} null for any clinic (the operator's command)
     */
    public static Optional<ErasureStatus> of(String erasureId, String clinicId, List<ErasureEvent> events) {
        List<ErasureEvent> mine = events.stream()
                .filter(e -> e.erasureId().equals(erasureId))
                .filter(e -> clinicId == null || e.clinicId().equals(clinicId))
                .toList();
        if (mine.isEmpty()) {
            return Optional.empty();
        }
        Map<ErasureStage, Completed> done = new EnumMap<>(ErasureStage.class);
        for (ErasureEvent event : mine) {
            done.putIfAbsent(event.stage(), new Completed(event.stage(), event.at(), event.by(), event.detail()));
        }
        ErasureEvent first = mine.get(0);
        ErasureEvent requested = mine.stream()
                .filter(e -> e.stage() == ErasureStage.REQUESTED)
                .findFirst()
                .orElse(null);
        Set<ErasureStage> missing = stagesOf(first.action());
        missing.removeAll(done.keySet());
        return Optional.of(new ErasureStatus(
                erasureId,
                first.clinicId(),
                first.action(),
                requested == null ? null : requested.at(),
                requested == null ? null : requested.by(),
                List.copyOf(done.values()),
                Set.copyOf(missing)));
    }

    /** The JSON the status endpoint answers with (stages in their order; no client id, no health data). */
    public ObjectNode toJson() {
        ObjectNode json = StrictJson.mapper().createObjectNode();
        json.put("erasureId", erasureId);
        json.put("clinicId", clinicId);
        json.put("action", action.name());
        json.put("status", state().name());
        if (requestedAt != null) {
            json.put("requestedAt", requestedAt.toString());
            json.put("requestedBy", requestedBy);
        }
        ArrayNode stages = json.putArray("completed");
        for (Completed c : completed) {
            stages.addObject()
                    .put("stage", c.stage().name())
                    .put("at", c.at().toString())
                    .put("by", c.by())
                    .put("detail", c.detail());
        }
        ArrayNode pending = json.putArray("missing");
        EnumSet.allOf(ErasureStage.class).stream().filter(missing::contains).forEach(s -> pending.add(s.name()));
        return json;
    }
}
