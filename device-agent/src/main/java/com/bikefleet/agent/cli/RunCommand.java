package com.bikefleet.agent.cli;

import com.bikefleet.agent.config.AgentConfig;
import com.bikefleet.model.config.ConfigException;
import com.bikefleet.agent.sdk.AgentStatus;
import com.bikefleet.agent.sdk.BikeAgent;
import com.bikefleet.agent.sdk.Commands;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.tinylog.Logger;
import org.tinylog.jul.JulTinylogBridge;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Runs the agent until SIGTERM or Ctrl-C. */
@Command(name = "run", mixinStandardHelpOptions = true, description = "Run the agent with a config file.")
final class RunCommand implements Callable<Integer> {

    private static final long STATUS_EVERY_SECONDS = 5;

    @Option(names = "--config", required = true, description = "The agent config file.")
    Path configFile;

    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "Override one config key (repeatable); checked like the file.")
    List<String> overrides = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        AgentConfig config;
        try {
            config = AgentConfig.loadToRun(configFile, overrides);
        } catch (ConfigException e) {
            e.problems().forEach(System.err::println);
            return 2;
        }
        // Logging is configured from the file, so nothing may log before this line.
        LogSetup.apply(config.log());
        // Tyrus logs through java.util.logging; send it to tinylog with everything else.
        JulTinylogBridge.activate();
        Logger.info("Config: {}", config.describe());
        BikeAgent agent = BikeAgent.builder(config)
                // This process drives no bell or display: it logs what an integrator's handler would show.
                .onCommand(Commands.RING, args -> {
                    Logger.info("Ring requested by the server");
                    return "rang (logged: no bell on this agent)";
                })
                .onCommand(Commands.MAINTENANCE_NOTICE, args -> {
                    Logger.info("Maintenance notice from the server: {}", args.get("text"));
                    return "notice logged";
                })
                .build();
        agent.start();
        StatusFile statusFile = new StatusFile(config.bufferPath(), config.bikeId());
        Logger.info(statusFile.inRuntimeDir() ? "Status file: {}" : "Status file: {} (on the card: no runtime folder, "
                + "neither $RUNTIME_DIRECTORY, /run/bike-agent nor $XDG_RUNTIME_DIR)", statusFile.path());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            Logger.info("Stopping: flushing the outbox and closing the connection");
            stopped.countDown();
            AgentStatus last = null;
            try {
                last = agent.status();
            } catch (Exception e) {
                Logger.warn("Could not read the agent's state before stopping: {}", e.getMessage());
            }
            agent.close();
            // So that 'status' says stopped, and when, rather than the connection it had.
            if (last != null) {
                try {
                    statusFile.writeStopped(last, Clock.systemUTC().instant());
                } catch (Exception e) {
                    Logger.warn("Could not write the status file {}: {}", statusFile.path(), e.getMessage());
                }
            }
            Logger.info("Stopped");
            LogSetup.shutdown();
        }, "shutdown"));
        while (!stopped.await(STATUS_EVERY_SECONDS, TimeUnit.SECONDS)) {
            try {
                statusFile.write(agent.status(), Clock.systemUTC().instant());
            } catch (Exception e) {
                Logger.warn("Could not write the status file {}: {}", statusFile.path(), e.getMessage());
            }
        }
        return 0;
    }
}
