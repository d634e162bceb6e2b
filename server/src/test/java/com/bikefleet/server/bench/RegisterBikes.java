package com.bikefleet.server.bench;

import com.bikefleet.server.registry.ApiTokens;
import com.bikefleet.server.registry.BikeRegistry;
import com.bikefleet.server.store.SqliteDatabase;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;

/**
 * Registers many bikes in a server's data folder in one process (the {@code provision} command starts a
 * JVM per bike, minutes for 10,000) and writes "bikeId token" lines. For benchmarks only.
 * Usage: RegisterBikes DATA_DIR COUNT TOKENS_FILE [API_TOKEN_FILE]
 */
public final class RegisterBikes {

    private RegisterBikes() {
    }

    public static void main(String[] args) throws Exception {
        Path data = Path.of(args[0]);
        int count = Integer.parseInt(args[1]);
        SqliteDatabase database = new SqliteDatabase(data);
        database.initialize();
        BikeRegistry registry = new BikeRegistry(database, new SecureRandom(), Clock.systemUTC());
        try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(Path.of(args[2])))) {
            for (int i = 0; i < count; i++) {
                String id = String.format("storm-%05d", i);
                out.println(id + " " + registry.register(id));
            }
        } finally {
            registry.close();
        }
        // One API token for the listeners of a benchmark, written beside the bikes' tokens.
        if (args.length > 3) {
            try (ApiTokens tokens = new ApiTokens(database, new SecureRandom(), Clock.systemUTC())) {
                Files.writeString(Path.of(args[3]), tokens.create("bench") + "\n");
            }
        }
    }
}
