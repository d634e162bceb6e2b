package com.bikefleet.systemtest;


import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

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

    /**
     * Runs the class only when PostgreSQL, redis-server and haproxy are all there. Otherwise the class is
     * reported as skipped with the reason (an ExecutionCondition, not an abort in {@code @BeforeAll}, which
     * Surefire counts as zero tests without a word), or, under CI, fails.
     */
    static final class Required implements ExecutionCondition {
        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            String missing = missing();
            if (missing == null) {
                return ConditionEvaluationResult.enabled("PostgreSQL, redis-server and haproxy are there");
            }
            String message = "scale-out tests need " + missing + "; .ci/run installs and starts it";
            if (System.getenv("CI") != null) {
                throw new IllegalStateException(message + " (CI is set, so this fails instead of skipping)");
            }
            return ConditionEvaluationResult.disabled(message);
        }
    }

    /** What is missing of PostgreSQL, redis-server and haproxy, or null. */
    static String missing() {
        try (Connection c = DriverManager.getConnection(POSTGRES_ADMIN_URL)) {
            c.isValid(5);
        } catch (SQLException e) {
            return "PostgreSQL on 127.0.0.1:5432 (" + e.getMessage() + ")";
        }
        for (String program : List.of("redis-server", "haproxy")) {
            if (program(program) == null) {
                return "the " + program + " program";
            }
        }
        return null;
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
