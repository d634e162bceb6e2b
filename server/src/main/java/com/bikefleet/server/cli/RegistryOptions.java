package com.bikefleet.server.cli;

import com.bikefleet.server.registry.ApiTokens;
import com.bikefleet.server.registry.BikeRegistry;
import com.bikefleet.server.store.StorageAccess;
import com.bikefleet.server.store.StoreSettings;
import com.bikefleet.server.store.backend.StorageBackends;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.time.Clock;
import picocli.CommandLine.Option;

/**
 * Where the server keeps its bikes and tokens, for the fleet commands: its data folder (SQLite), or the
 * PostgreSQL database that several instances share.
 */
final class RegistryOptions {

    @Option(names = "--data", defaultValue = "data", description = "The server's data folder (default: ${DEFAULT-VALUE}).")
    Path data;

    @Option(names = "--store-url", paramLabel = "JDBC_URL",
            description = "The servers' PostgreSQL database instead of the data folder (key store.url), e.g. "
                    + "jdbc:postgresql://db.example:5432/bikefleet?user=bikefleet; the password may come from "
                    + "the " + ServerConfigOptions.STORE_PASSWORD_VARIABLE + " environment variable.")
    String storeUrl;

    BikeRegistry open() throws SQLException {
        return new BikeRegistry(access(), new SecureRandom(), Clock.systemUTC());
    }

    ApiTokens openApiTokens() throws SQLException {
        return new ApiTokens(access(), new SecureRandom(), Clock.systemUTC());
    }

    private StorageAccess access() throws SQLException {
        if (storeUrl != null && !storeUrl.startsWith(StoreSettings.POSTGRES_PREFIX)) {
            throw new IllegalArgumentException("--store-url must start with " + StoreSettings.POSTGRES_PREFIX);
        }
        StoreSettings settings = storeUrl == null ? StoreSettings.SQLITE : new StoreSettings(storeUrl, null,
                System.getenv(ServerConfigOptions.STORE_PASSWORD_VARIABLE), 2);
        return new StorageAccess(StorageBackends.open(settings, data));
    }
}
