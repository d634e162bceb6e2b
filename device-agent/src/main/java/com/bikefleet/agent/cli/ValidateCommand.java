package com.bikefleet.agent.cli;

import com.bikefleet.agent.config.AgentConfig;
import com.bikefleet.model.config.ConfigException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Checks a config file the way {@code run} would, without starting anything. */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = {"Check a config file before flashing it.",
                "Prints FILE:LINE: message for every problem; exits 0 when valid, 2 when not."})
final class ValidateCommand implements Callable<Integer> {

    @Parameters(paramLabel = "FILE", description = "The agent config file.")
    Path configFile;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override one key (repeatable), as with run.")
    List<String> overrides = new ArrayList<>();

    @Override
    public Integer call() {
        try {
            AgentConfig config = AgentConfig.load(configFile, overrides);
            System.out.println(configFile + ": valid (bike " + config.bikeId() + ", server " + config.serverUrl()
                    + ", gps " + config.gps().source().key() + ")");
            return 0;
        } catch (ConfigException e) {
            e.problems().forEach(System.out::println);
            return 2;
        }
    }
}
