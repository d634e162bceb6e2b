package com.bikefleet.agent.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * An application that embeds {@link BikeAgent} gets tinylog's API and chooses its own logging backend,
 * bridges and command line: tinylog-impl, the JUL and SLF4J bridges and picocli belong to bike-agent.jar
 * alone. This module may use them only as optional (or test) dependencies, and none may reach it through
 * another dependency, where Maven would hand them on. Reads what maven-dependency-plugin wrote during
 * this build (device-agent/pom.xml, sdk-dependency-list and sdk-dependency-tree).
 */
class SdkDependenciesTest {

    /** groupId:artifactId of the command line's runtime pieces. */
    private static final Set<String> CLI_ONLY = Set.of(
            "org.tinylog:tinylog-impl", "org.tinylog:jul-tinylog", "org.tinylog:slf4j-tinylog", "info.picocli:picocli");

    private static final Path DIR = Path.of(System.getProperty("sdkDependencies", "target/sdk-dependencies"));

    @Test
    void theCommandLinesRuntimeIsOptionalForEmbedders() throws IOException {
        List<String> seen = new ArrayList<>();
        for (String line : Files.readAllLines(DIR.resolve("list.txt"))) {
            String coordinates = line.strip();
            String key = key(coordinates);
            if (CLI_ONLY.contains(key)) {
                seen.add(key);
                assertTrue(coordinates.contains(":test") || coordinates.contains("(optional)"),
                        "an embedding application would get " + coordinates + ": make it optional in device-agent/pom.xml");
            }
        }
        // Still on this module's own classpath: the shade plugin packs them into bike-agent.jar.
        assertEquals(CLI_ONLY, Set.copyOf(seen));
    }

    @Test
    void noOtherDependencyBringsThemAlong() throws IOException {
        for (String line : Files.readAllLines(DIR.resolve("tree.txt"))) {
            int depth = depth(line);
            if (depth >= 2 && !line.contains(":test")) {
                String coordinates = line.substring(line.indexOf("- ") + 2).replace("(", "").strip();
                assertTrue(!CLI_ONLY.contains(key(coordinates)),
                        "a dependency of device-agent brings " + coordinates + " to every embedding application: "
                                + "exclude it there");
            }
        }
    }

    /** {@code group:artifact} of a dependency line such as {@code org.tinylog:tinylog-impl:jar:2.7.0:compile}. */
    private static String key(String coordinates) {
        String[] parts = coordinates.split(":");
        return parts.length < 2 ? "" : parts[0] + ":" + parts[1];
    }

    /** 1 for a direct dependency ({@code +- }), one more per level of {@code |  } before it; 0 for the module. */
    private static int depth(String line) {
        int marker = Math.max(line.indexOf("+- "), line.indexOf("\\- "));
        return marker < 0 ? 0 : marker / 3 + 1;
    }
}
