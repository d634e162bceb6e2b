package com.bikefleet.server.cli;

import com.bikefleet.model.config.ConfigException;
import com.bikefleet.server.BikeServer;
import com.bikefleet.server.config.ServerConfig;
import java.time.Clock;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.tinylog.Logger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Runs the server until SIGTERM or Ctrl-C. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Run the server.",
                "Settings come from --config FILE (see docs/server.md), then --set, then the options below; "
                        + "a problem anywhere is reported as FILE:LINE: message and the exit status is 2."})
final class ServeCommand implements Callable<Integer> {

    @Mixin
    ServerConfigOptions options;

    @Option(names = "--stats-every", paramLabel = "SECONDS",
            description = "Print connected bikes and stored fixes every N seconds; 0 = never (key stats.every).")
    Integer statsEverySeconds;

    @Override
    public Integer call() throws Exception {
        ServerConfig config;
        try {
            config = options.load(statsEverySeconds == null ? null : "stats.every=" + statsEverySeconds + "s");
        } catch (ConfigException e) {
            e.problems().forEach(System.err::println);
            return 2;
        }
        Logger.info("Settings: {}", config.describe());
        BikeServer server = BikeServer.start(config.settings(), config.live(), config.map(), config.store(),
                config.backplane(), Clock.systemUTC());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            Logger.info("Shutting down");
            server.close();
            stopped.countDown();
        }, "shutdown"));
        // Scripts and tests read this line to learn the port when --port 0 was given.
        System.out.println("Listening on " + (config.settings().tls() == null ? "http" : "https") + "://"
                + config.settings().bindAddress() + ":" + server.port()
                + " (data in " + server.storage() + ", instance " + config.backplane().instanceId() + ")");
        System.out.flush();
        if (!config.statsEvery().isZero()) {
            printStats(server, stopped, config.statsEvery().toMillis());
        }
        stopped.await();
        return 0;
    }

    private static void printStats(BikeServer server, CountDownLatch stopped, long everyMillis)
            throws InterruptedException {
        long previous = server.ingest().fixesStored();
        while (!stopped.await(everyMillis, TimeUnit.MILLISECONDS)) {
            long stored = server.ingest().fixesStored();
            System.out.printf("bikes online: %d   fixes stored: %d (+%d)   frames rejected: %d%n",
                    server.ingest().connected().count(), stored, stored - previous, server.ingest().framesRejected());
            previous = stored;
        }
    }
}
