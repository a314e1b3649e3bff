package org.sleepdelta.ingest.auth;

import java.util.Optional;

/** Which clinic an API key writes for. */
@FunctionalInterface
public interface ApiKeys {
    /** @return the key's clinic, or empty when the key is unknown */
    Optional<String> clinicFor(String presentedKey);
}
