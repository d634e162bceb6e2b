package com.bikefleet.agent.cli;

import com.bikefleet.agent.config.AgentConfig;
import com.bikefleet.agent.config.ConfigException;
import com.bikefleet.agent.sdk.BikeAgent;
import com.bikefleet.hardware.gps.GpsSources;
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
                .outbox(config.bufferPath(), config.outbox())
                .reportInterval(config.reportInterval())
                .reconnect(config.reconnectBase(), config.reconnectCap())
                .liveness(config.pingInterval(), config.pongTimeout())
                .gps(GpsSources.create(config.gps(), Clock.systemUTC()))
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
}
