package com.bikefleet.server.cli;

import com.bikefleet.model.config.ConfigException;
import com.bikefleet.server.config.ServerConfig;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** Checks the server's settings the way {@code serve} would, without opening the database or a port. */
@Command(name = "check-config", aliases = "validate", mixinStandardHelpOptions = true,
        description = {"Check a server config file (and any overrides) without starting the server.",
                "Prints FILE:LINE: message for every problem; exits 0 when valid, 2 when not."})
final class CheckConfigCommand implements Callable<Integer> {

    @Parameters(paramLabel = "FILE", arity = "0..1", description = "The server config file (or use --config).")
    Path file;

    @Mixin
    ServerConfigOptions options;

    @Override
    public Integer call() {
        if (file != null) {
            options.configFile = file;
        }
        try {
            ServerConfig config = options.load(null);
            System.out.println((options.configFile == null ? ServerConfig.NO_FILE : options.configFile)
                    + ": valid");
            System.out.println(config.describe());
            return 0;
        } catch (ConfigException e) {
            e.problems().forEach(System.out::println);
            return 2;
        }
    }
}
