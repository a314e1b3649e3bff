package org.sleepdelta.ingest.auth;

/** One pepper for the tests: its text (for SLEEPDELTA_API_KEY_PEPPER) and the pepper itself. */
public final class TestPepper {
    public static final String TEXT = "test-pepper-of-at-least-32-bytes-0123456789";
    public static final ApiKeyPepper PEPPER = ApiKeyPepper.of(TEXT);

    private TestPepper() {}

    /** A new key for the clinic, with the default scope, its line keyed with {@link #PEPPER}. */
    public static ApiKeyTool.NewApiKey key(String clinicId, String label) {
        return ApiKeyTool.create(PEPPER, clinicId, label);
    }
}
