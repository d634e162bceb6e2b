package com.bikefleet.server.cli;

import com.bikefleet.server.registry.BikeRegistry;
import com.bikefleet.server.store.SqliteDatabase;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.time.Clock;
import picocli.CommandLine.Option;

/** The server's data folder, for the fleet commands that work on its bike registry. */
final class RegistryOptions {

    @Option(names = "--data", defaultValue = "data", description = "The server's data folder (default: ${DEFAULT-VALUE}).")
    Path data;

    BikeRegistry open() throws SQLException {
        SqliteDatabase database = new SqliteDatabase(data);
        database.initialize();
        return new BikeRegistry(database, new SecureRandom(), Clock.systemUTC());
    }
}
