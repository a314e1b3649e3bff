package org.sleepdelta.schemas.erasure;

/** What a request on {@link org.sleepdelta.schemas.Topics#CLIENT_ERASURES} asks every stage to do. */
public enum ErasureAction {
    /** Forget the client everywhere, and ignore records of the client that arrive later. */
    ERASE,
    /** Accept records of an erased client again: the clinic registers the client anew, on purpose. */
    REREGISTER
}
