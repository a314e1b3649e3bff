package org.sleepdelta.ingest.connect.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PkceTest {
    @Test
    void challengeIsTheS256OfTheVerifierAsInRfc7636AppendixB() {
        // when
        String challenge = Pkce.challenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk");

        // then
        assertThat(challenge).isEqualTo("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
    }

    @Test
    void verifiersAreFreshBase64UrlOf32Bytes() {
        // when
        String first = Pkce.newVerifier();
        String second = Pkce.newVerifier();

        // then
        assertThat(first).hasSize(43).matches("[A-Za-z0-9_-]{43}");
        assertThat(second).isNotEqualTo(first);
    }
}
