package com.bikefleet.server.cli;

import com.bikefleet.server.registry.BikeRegistry;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Gives a bike a new token and writes its new config; the old token stops working at once. */
@Command(name = "rotate", mixinStandardHelpOptions = true,
        description = "Give a bike a new token (the old one stops working) and write its new config file.")
final class RotateCommand implements Callable<Integer> {

    @Mixin
    RegistryOptions registry;

    @Option(names = "--bike", required = true, description = "The bike's id.")
    String bikeId;

    @Mixin
    AgentConfigOptions config;

    @Override
    public Integer call() throws Exception {
        String problem = config.problem();
        if (problem != null) {
            System.err.println(problem);
            return 2;
        }
        String token;
        try (BikeRegistry bikes = registry.open()) {
            token = bikes.rotate(bikeId);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            return 2;
        }
        config.write(bikeId, token);
        System.out.println("New token for bike " + bikeId + "; its new config is in " + config.out
                + " (the old token no longer works)");
        return 0;
    }
}
