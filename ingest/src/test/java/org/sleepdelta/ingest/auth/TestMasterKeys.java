package org.sleepdelta.ingest.auth;

import org.sleepdelta.schemas.crypto.MasterKeys;

/**
 * One master key for the tests (fixed, so a child JVM and a decrypting test agree): its text for
 * SLEEPDELTA_MASTER_KEYS and the keys themselves.
 */
public final class TestMasterKeys {
    public static final String TEXT = "test-1=dGVzdC1tYXN0ZXIta2V5LW9mLTMyLWJ5dGVzLTAxMjM=";
    public static final MasterKeys KEYS = MasterKeys.parse(TEXT);

    private TestMasterKeys() {}
}
