package org.sleepdelta.ingest.connect.web;

import io.javalin.http.Context;
import org.sleepdelta.ingest.auth.Scope;

/** The clinic of the request's API key, checked as every route checks it (401, 403 and 429 as ApiExceptions). */
@FunctionalInterface
public interface CallerClinic {
    /**
     * The caller's clinic.
     *
     * @param needed  the scope the route needs
     * @param orElse  another scope that also opens it, or null
     */
    String authenticate(Context ctx, Scope needed, Scope orElse);
}
