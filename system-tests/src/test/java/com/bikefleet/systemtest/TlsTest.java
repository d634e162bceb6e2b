package com.bikefleet.systemtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * wss:// with a fleet's private CA: the server serves a certificate from its key store; an agent whose
 * tls.truststore holds that CA connects, one without it refuses the server and stores nothing.
 */
class TlsTest {

    private static final String PASSWORD = "test-only-password";

    @TempDir
    Path dir;

    private void keytool(String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), "keytool " + String.join(" ", args) + ": " + output);
    }

    @Test
    void anAgentTrustingThePrivateCaConnectsOverWssAndOneWithoutItDoesNot() throws Exception {
        Path keystore = dir.resolve("server.p12");
        Path cert = dir.resolve("fleet-ca.pem");
        Path truststore = dir.resolve("fleet-ca.p12");
        // A self-signed certificate stands in for the fleet's private CA and the server certificate at once.
        keytool("-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=127.0.0.1", "-ext", "san=ip:127.0.0.1", "-validity", "2",
                "-storetype", "PKCS12", "-keystore", keystore.toString(), "-storepass", PASSWORD);
        keytool("-exportcert", "-rfc", "-alias", "server", "-keystore", keystore.toString(),
                "-storepass", PASSWORD, "-file", cert.toString());
        keytool("-importcert", "-noprompt", "-alias", "fleet-ca", "-file", cert.toString(),
                "-storetype", "PKCS12", "-keystore", truststore.toString(), "-storepass", PASSWORD);

        try (ServerProcess server = ServerProcess.start(dir.resolve("data"), dir.resolve("server.log"), 0,
                "--tls-keystore", keystore.toString(), "--tls-keystore-password", PASSWORD)) {
            String wss = "wss://127.0.0.1:" + server.port();
            Path trusting = ServerProcess.provision(server.dataDir(), "tls-bike", wss, dir.resolve("trusting.conf"),
                    dir.resolve("trusting.db"), "100ms");
            Files.writeString(trusting, "tls.truststore = " + truststore + "\ntls.truststore-password = "
                    + PASSWORD + "\n", java.nio.file.StandardOpenOption.APPEND);
            Path untrusting = ServerProcess.provision(server.dataDir(), "naive-bike", wss,
                    dir.resolve("untrusting.conf"), dir.resolve("untrusting.db"), "100ms");

            try (AgentProcess good = AgentProcess.start(trusting, dir.resolve("trusting.log"));
                 AgentProcess naive = AgentProcess.start(untrusting, dir.resolve("untrusting.log"))) {
                Await.until("fixes over wss://", Duration.ofSeconds(60),
                        () -> ServerDb.count(server.dataDir(), "tls-bike") >= 10);
                Await.until("the naive agent's failed attempts", Duration.ofSeconds(60),
                        () -> Files.readString(dir.resolve("untrusting.log")).contains("connect failed"));
            }
            assertEquals(0, ServerDb.count(server.dataDir(), "naive-bike"));
        }
    }
}
