package org.sleepdelta.embedded;

/** How clients authenticate to an {@link EmbeddedKafkaBroker}: see {@link BrokerSecurity}. */
public enum SecurityMode {
    /** No encryption, no authentication, no authorizer: the open default of the demo and most tests. */
    PLAINTEXT,
    /** TLS (server certificate only) plus SASL SCRAM-SHA-512 user names and passwords; ACLs enforced. */
    SASL_SSL,
    /** Mutual TLS: every client presents a certificate signed by the trusted CA, its CN is the user; ACLs enforced. */
    MTLS
}
