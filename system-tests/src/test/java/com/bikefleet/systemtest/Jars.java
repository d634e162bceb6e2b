package com.bikefleet.systemtest;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/** The runnable jars, as built by {@code mvn verify} before this module's tests run. */
final class Jars {

    private Jars() {
    }

    static Path server() {
        return jar("serverJar");
    }

    static Path agent() {
        return jar("agentJar");
    }

    static Path simulator() {
        return jar("simulatorJar");
    }

    private static Path jar(String property) {
        String location = System.getProperty(property);
        assertTrue(location != null, property + " is not set: run these tests through Maven ('mvn verify')");
        Path jar = Path.of(location).toAbsolutePath().normalize();
        assertTrue(Files.isRegularFile(jar), jar + " does not exist: run 'mvn verify' from the top folder");
        return jar;
    }

    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
