package org.sleepdelta.schemas.erasure;

import java.util.Objects;
import org.sleepdelta.schemas.Topics;

/** The three topics an erasure request touches; tests give each run topics of its own. */
public record ErasureTopics(String clientKeys, String requests, String audit) {
    public static final ErasureTopics DEFAULT =
            new ErasureTopics(Topics.CLIENT_KEYS, Topics.CLIENT_ERASURES, Topics.ERASURE_AUDIT);

    public ErasureTopics {
        Objects.requireNonNull(clientKeys, "clientKeys");
        Objects.requireNonNull(requests, "requests");
        Objects.requireNonNull(audit, "audit");
    }
}
