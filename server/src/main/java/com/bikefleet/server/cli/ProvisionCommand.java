package com.bikefleet.server.cli;

import com.bikefleet.server.registry.BikeRegistry;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Registers a new bike with a fresh token and writes its ready-to-flash agent config. */
@Command(name = "provision", mixinStandardHelpOptions = true,
        description = "Register a new bike and write its agent config file.")
final class ProvisionCommand implements Callable<Integer> {

    @Mixin
    RegistryOptions registry;

    @Option(names = "--bike", required = true, description = "The bike's id.")
    String bikeId;

    @Mixin
    AgentConfigOptions config;

    @Option(names = "--force", description = "Replace an existing --out file (its token is lost).")
    boolean force;

    @Override
    public Integer call() throws Exception {
        return config.issueAndWrite(registry, bikeId, BikeRegistry::register,
                "Registered bike " + bikeId + "; its config is in {out}", force);
    }
}
