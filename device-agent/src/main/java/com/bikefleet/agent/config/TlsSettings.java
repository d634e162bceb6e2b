package com.bikefleet.agent.config;

import java.nio.file.Path;

/**
 * Which certificate authorities the agent trusts for {@code wss://}: the JVM's own when no trust store is
 * given, otherwise only the ones in the store (a fleet with a private CA).
 *
 * @param truststore the trust store file, or null for the JVM's defaults
 * @param password   the store's password, or null; never logged
 * @param type       {@code PKCS12} or {@code JKS}
 */
public record TlsSettings(Path truststore, String password, String type) {

    public static TlsSettings jvmDefaults() {
        return new TlsSettings(null, null, "PKCS12");
    }

    @Override
    public String toString() {
        return "tls.truststore=" + (truststore == null ? "(JVM default)" : truststore)
                + " tls.truststore-password=" + (password == null ? "(none)" : "****") + " tls.truststore-type=" + type;
    }
}
