package org.sleepdelta.schemas;

import java.time.LocalDate;
import java.util.Objects;

/** Key of the nightly-sleep topic: {@code clinicId/clientId/yyyy-MM-dd}. */
public record NightKey(String clinicId, String clientId, LocalDate night) {
    public NightKey {
        Ids.require("clinicId", clinicId);
        Ids.require("clientId", clientId);
        Objects.requireNonNull(night, "night");
    }

    public static NightKey of(ClientKey client, LocalDate night) {
        return new NightKey(client.clinicId(), client.clientId(), night);
    }

    @Override
    public String toString() {
        return clinicId + "/" + clientId + "/" + night;
    }
}
