package com.bikefleet.server.cli;

import com.bikefleet.server.BikeServer;
import com.bikefleet.server.ServerSettings;
import com.bikefleet.server.http.KeyStores;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Callable;
import org.tinylog.Logger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Runs the server until SIGTERM or Ctrl-C. */
@Command(name = "serve", mixinStandardHelpOptions = true, description = "Run the server.")
final class ServeCommand implements Callable<Integer> {

    @Option(names = "--bind", defaultValue = "127.0.0.1", description = "Address to listen on (default: ${DEFAULT-VALUE}).")
    String bind;

    @Option(names = "--port", defaultValue = "8080", description = "TCP port; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--data", defaultValue = "data", description = "Folder for the database (default: ${DEFAULT-VALUE}).")
    Path data;

    @Option(names = "--max-frame-bytes", defaultValue = "262144",
            description = "Largest frame a bike may send; larger ones close with 1009 (default: ${DEFAULT-VALUE}).")
    int maxFrameBytes;

    @Option(names = "--idle-timeout", defaultValue = "120", description = "Seconds of silence before a bike is dropped (default: ${DEFAULT-VALUE}).")
    int idleTimeoutSeconds;

    @Option(names = "--tls-keystore", description = "PKCS12 or JKS key store with the server's certificate: serve wss:// and https://.")
    Path tlsKeystore;

    @Option(names = "--tls-keystore-password", defaultValue = "${env:BIKEFLEET_KEYSTORE_PASSWORD}",
            description = "The key store's password (default: the BIKEFLEET_KEYSTORE_PASSWORD environment variable).")
    String tlsPassword;

    @Option(names = "--tls-keystore-type", defaultValue = "PKCS12", description = "PKCS12 or JKS (default: ${DEFAULT-VALUE}).")
    String tlsType;

    @Option(names = "--stats-every", defaultValue = "0",
            description = "Print connected bikes and stored fixes every N seconds; 0 = never (default: ${DEFAULT-VALUE}).")
    int statsEverySeconds;

    @Override
    public Integer call() throws Exception {
        ServerSettings settings = ServerSettings.defaults(bind, port, data)
                .withMaxFrameBytes(maxFrameBytes)
                .withIdleTimeout(Duration.ofSeconds(idleTimeoutSeconds));
        if (tlsKeystore != null) {
            try {
                settings = settings.withTls(KeyStores.serverContext(tlsKeystore, tlsPassword, tlsType));
            } catch (IllegalArgumentException e) {
                System.err.println(e.getMessage());
                return 2;
            }
        }
        BikeServer server = BikeServer.start(settings, Clock.systemUTC());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            Logger.info("Shutting down");
            server.close();
            stopped.countDown();
        }, "shutdown"));
        // Scripts and tests read this line to learn the port when --port 0 was given.
        System.out.println("Listening on " + (tlsKeystore == null ? "http" : "https") + "://" + bind + ":" + server.port()
                + " (data in " + data.toAbsolutePath() + ")");
        System.out.flush();
        if (statsEverySeconds > 0) {
            printStats(server, stopped);
        }
        stopped.await();
        return 0;
    }

    private void printStats(BikeServer server, CountDownLatch stopped) throws InterruptedException {
        long previous = server.ingest().fixesStored();
        while (!stopped.await(statsEverySeconds, java.util.concurrent.TimeUnit.SECONDS)) {
            long stored = server.ingest().fixesStored();
            System.out.printf("bikes online: %d   fixes stored: %d (+%d)   frames rejected: %d%n",
                    server.ingest().connected().count(), stored, stored - previous, server.ingest().framesRejected());
            previous = stored;
        }
    }
}
