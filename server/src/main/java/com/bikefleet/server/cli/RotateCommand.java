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
        return config.issueAndWrite(registry, bikeId, BikeRegistry::rotate,
                "New token for bike " + bikeId + "; its new config is in {out} (the old token no longer works)",
                // The bike's old config is what rotate replaces: its token stops working anyway.
                true);
    }
}
