package com.bikefleet.systemtest;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.Assumptions;

/**
 * What the scale-out tests need from the machine: PostgreSQL on 127.0.0.1:5432 (user postgres, trust auth),
 * and the redis-server and haproxy programs. Without them the tests skip with a message saying what is
 * missing, except under CI (the CI environment variable set), where a missing service fails the test:
 * .ci/run installs and starts them, so a skip there would hide a broken setup.
 */
final class ScaleServices {

    static final String POSTGRES_ADMIN_URL = "jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres&connectTimeout=5";

    private ScaleServices() {
    }

    /** Skips (or, under CI, fails) unless PostgreSQL, redis-server and haproxy are all there. */
    static void require() {
        String missing = null;
        try (Connection c = DriverManager.getConnection(POSTGRES_ADMIN_URL)) {
            c.isValid(5);
        } catch (SQLException e) {
            missing = "PostgreSQL on 127.0.0.1:5432 (" + e.getMessage() + ")";
        }
        for (String program : List.of("redis-server", "haproxy")) {
            if (missing == null && program(program) == null) {
                missing = "the " + program + " program";
            }
        }
        if (missing == null) {
            return;
        }
        String message = "scale-out tests need " + missing + "; .ci/run installs and starts it";
        if (System.getenv("CI") != null) {
            fail(message + " (CI is set, so this fails instead of skipping)");
        }
        Assumptions.abort(message);
    }

    /** The program's path on PATH or in the system folders Debian puts daemons in, or null. */
    static String program(String name) {
        String path = System.getenv().getOrDefault("PATH", "") + ":/usr/sbin:/sbin:/usr/local/sbin";
        for (String dir : path.split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, name))) {
                return Path.of(dir, name).toString();
            }
        }
        return null;
    }
}
