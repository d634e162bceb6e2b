package com.bikefleet.agent.link;

import com.bikefleet.agent.config.TlsSettings;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.glassfish.tyrus.client.ClientManager;
import org.glassfish.tyrus.client.ClientProperties;
import org.glassfish.tyrus.client.SslEngineConfigurator;

/** Makes a Tyrus client trust a fleet's private CA instead of (not in addition to) the JVM's defaults. */
public final class TrustStores {

    private TrustStores() {
    }

    /**
     * Configures {@code client} for the given trust store; with no store the JVM's trusted CAs apply.
     * Host names are verified either way.
     *
     * @throws IllegalArgumentException when the store cannot be read, naming the file and the reason
     */
    public static void apply(TlsSettings tls, ClientManager client) {
        if (tls.truststore() == null) {
            return;
        }
        try (InputStream in = Files.newInputStream(tls.truststore())) {
            KeyStore store = KeyStore.getInstance(tls.type());
            store.load(in, tls.password() == null ? null : tls.password().toCharArray());
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            SslEngineConfigurator engine = new SslEngineConfigurator(context, true, false, false);
            engine.setHostVerificationEnabled(true);
            client.getProperties().put(ClientProperties.SSL_ENGINE_CONFIGURATOR, engine);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot use trust store " + tls.truststore() + ": " + e.getMessage(), e);
        }
    }
}
