package org.sleepdelta.ingest.auth;

import java.util.EnumSet;
import java.util.Set;

/**
 * Who a request comes from, once its API key is accepted: the clinic it acts for, the key's label (what records and
 * logs carry, never the key) and what it may do.
 */
public record ApiKeyPrincipal(String clinicId, String label, Set<Scope> scopes) {
    public ApiKeyPrincipal {
        scopes = Set.copyOf(EnumSet.copyOf(scopes));
    }

    public boolean may(Scope scope) {
        return scopes.contains(scope);
    }
}
