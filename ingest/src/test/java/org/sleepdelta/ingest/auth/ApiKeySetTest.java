package org.sleepdelta.ingest.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ApiKeySetTest {
    @Test
    void keyIsRecognisedByItsHashAndGivesItsClinic() {
        // given
        ApiKeySet keys = new ApiKeySet(List.of(
                new StoredApiKey(ApiKeyHash.sha256("key-of-a"), "clinic-a", null),
                new StoredApiKey(ApiKeyHash.sha256("key-of-b"), "clinic-b", "label")));

        // then
        assertThat(keys.clinicFor("key-of-a")).contains("clinic-a");
        assertThat(keys.clinicFor("key-of-b")).contains("clinic-b");
        assertThat(keys.clinicFor("key-of-c")).isEmpty();
        assertThat(keys.clinicFor("")).isEmpty();
        assertThat(keys.size()).isEqualTo(2);
    }

    @Test
    void setsCombine() {
        // given
        ApiKeySet a = new ApiKeySet(List.of(new StoredApiKey(ApiKeyHash.sha256("k1"), "clinic-a", null)));
        ApiKeySet b = new ApiKeySet(List.of(new StoredApiKey(ApiKeyHash.sha256("k2"), "clinic-b", null)));

        // when
        ApiKeySet both = a.plus(b);

        // then
        assertThat(both.clinicFor("k1")).contains("clinic-a");
        assertThat(both.clinicFor("k2")).contains("clinic-b");
    }

    @Test
    void storedHashCannotBeChangedFromOutside() {
        // given
        byte[] hash = ApiKeyHash.sha256("k1");
        StoredApiKey stored = new StoredApiKey(hash, "clinic-a", null);

        // when
        hash[0] ^= 1;
        stored.digest()[1] ^= 1;

        // then
        assertThat(new ApiKeySet(List.of(stored)).clinicFor("k1")).contains("clinic-a");
    }
}
