package com.bikefleet.server.cli;

import com.bikefleet.server.registry.BikeRegistry;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Revokes a bike's token: it can no longer connect; what it stored stays. */
@Command(name = "revoke", mixinStandardHelpOptions = true,
        description = {"Revoke a bike: its token stops working for new connections; its stored data stays.",
                "A connection open at the time lasts until it drops; 'rotate' brings the bike back."})
final class RevokeCommand implements Callable<Integer> {

    @Mixin
    RegistryOptions registry;

    @Option(names = "--bike", required = true, description = "The bike's id.")
    String bikeId;

    @Override
    public Integer call() throws Exception {
        try (BikeRegistry bikes = registry.open()) {
            bikes.revoke(bikeId);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            return 2;
        }
        System.out.println("Revoked bike " + bikeId);
        return 0;
    }
}
