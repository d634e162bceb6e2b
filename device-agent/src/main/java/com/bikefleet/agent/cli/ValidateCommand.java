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

/** Checks a config file the way {@code run} would, without starting anything or touching the hardware. */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = {"Check a config file before flashing it, and on this machine the files it names (outbox "
                + "folder, GPS replay log or GPX route) as run would use them.",
                "Prints FILE:LINE: message for every problem, in line order; exits 0 when valid, 2 when not."})
final class ValidateCommand implements Callable<Integer> {

    @Parameters(paramLabel = "FILE", description = "The agent config file.")
    Path configFile;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override one key (repeatable), as with run.")
    List<String> overrides = new ArrayList<>();

    @Option(names = "--syntax-only",
            description = "Check the file only, not the files it names on this machine (outbox folder, GPS files): "
                    + "for a config meant for another machine, e.g. at the depot before it goes onto the bike.")
    boolean syntaxOnly;

    @Override
    public Integer call() {
        try {
            AgentConfig config = syntaxOnly ? AgentConfig.load(configFile, overrides)
                    : AgentConfig.loadToRun(configFile, overrides);
            System.out.println(configFile + ": valid (bike " + config.bikeId() + ", server " + config.serverUrl()
                    + ", gps " + config.gps().source().key() + ")");
            return 0;
        } catch (ConfigException e) {
            e.problems().forEach(System.out::println);
            return 2;
        }
    }
}
