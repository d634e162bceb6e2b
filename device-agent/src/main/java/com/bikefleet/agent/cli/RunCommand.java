package com.bikefleet.agent.cli;

import com.bikefleet.agent.config.AgentConfig;
import com.bikefleet.agent.config.ConfigException;
import com.bikefleet.agent.sdk.BikeAgent;
import com.bikefleet.hardware.gps.GpsSource;
import com.bikefleet.hardware.sim.CityRoute;
import com.bikefleet.hardware.sim.SimulatedGps;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.tinylog.Logger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Runs the agent until SIGTERM or Ctrl-C. */
@Command(name = "run", mixinStandardHelpOptions = true, description = "Run the agent with a config file.")
final class RunCommand implements Callable<Integer> {

    /** Where a simulated bike starts when nothing else is configured: Alexanderplatz, Berlin. */
    static final CityRoute.Point DEFAULT_START = new CityRoute.Point(52.5219, 13.4132);
    static final double SIMULATED_SPEED_MPS = 20 / 3.6;

    @Option(names = "--config", required = true, description = "The agent config file.")
    Path configFile;

    @Override
    public Integer call() throws Exception {
        AgentConfig config;
        try {
            config = AgentConfig.load(configFile);
        } catch (ConfigException e) {
            e.problems().forEach(System.err::println);
            return 2;
        }
        Logger.info("Config: {}", config.describe());
        BikeAgent agent = BikeAgent.builder()
                .bike(config.bikeId(), config.token())
                .serverUrl(config.serverUrl())
                .outbox(config.bufferPath())
                .reportInterval(config.reportInterval())
                .gps(gpsFor(config))
                .build();
        agent.start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            Logger.info("Stopping: flushing the outbox and closing the connection");
            agent.close();
            stopped.countDown();
        }, "shutdown"));
        stopped.await();
        return 0;
    }

    private static GpsSource gpsFor(AgentConfig config) {
        // Each bike gets its own loop, so a demo fleet spreads out over the map.
        int variant = Math.floorMod(config.bikeId().hashCode(), 1000);
        return new SimulatedGps(CityRoute.around(DEFAULT_START, variant), SIMULATED_SPEED_MPS,
                config.reportInterval(), Clock.systemUTC());
    }
}
