package com.bikefleet.sim;

import com.bikefleet.model.config.ConfigReader;
import java.time.Duration;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code fleet-simulator}: runs virtual bikes and listeners against a server, and merges their results. */
@Command(name = "fleet-simulator", mixinStandardHelpOptions = true,
        description = "Virtual bikes and /ws/live listeners over the real protocol, with latency and loss accounting.",
        subcommands = {RunCommand.class, ReportCommand.class, FloorCommand.class})
public final class SimMain implements Runnable {

    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        CommandLine line = new CommandLine(new SimMain());
        line.registerConverter(Duration.class, ConfigReader::parseDuration);
        System.exit(line.execute(args));
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }
}
