package com.bikefleet.server.cli;

import com.bikefleet.server.registry.BikeRegistry;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** Lists the registered bikes. */
@Command(name = "bikes", mixinStandardHelpOptions = true, description = "List the registered bikes.")
final class BikesCommand implements Callable<Integer> {

    @Mixin
    RegistryOptions registry;

    @Override
    public Integer call() throws Exception {
        try (BikeRegistry bikes = registry.open()) {
            System.out.printf("%-24s %-30s %s%n", "BIKE", "REGISTERED", "STATE");
            for (BikeRegistry.Entry bike : bikes.list()) {
                System.out.printf("%-24s %-30s %s%n", bike.bikeId(), bike.registeredAt(),
                        bike.revokedAt() == null ? "active" : "revoked " + bike.revokedAt());
            }
        }
        return 0;
    }
}
