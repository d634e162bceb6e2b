package com.bikefleet.server.cli;

import com.bikefleet.server.registry.BikeRegistry;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Registers a numbered batch of bikes in one transaction and writes their ids and tokens to one file:
 * for rolling out a fleet, and for the fleet simulator (10,000 bikes in seconds, not a JVM per bike).
 */
@Command(name = "provision-batch", mixinStandardHelpOptions = true,
        description = {"Register COUNT new bikes named PREFIX00001, PREFIX00002, ... in one transaction",
                "and write 'id<TAB>token' lines to a file readable only by its owner (tokens are shown once).",
                "If any id is taken or invalid, nothing is registered."})
final class ProvisionBatchCommand implements Callable<Integer> {

    @Mixin
    RegistryOptions registry;

    @Option(names = "--prefix", required = true, description = "Start of every bike id, e.g. sim-.")
    String prefix;

    @Option(names = "--count", required = true, description = "How many bikes (1..100000).")
    int count;

    @Option(names = "--first", defaultValue = "1", description = "Number of the first bike (default: ${DEFAULT-VALUE}).")
    int first;

    @Option(names = "--digits", defaultValue = "5", description = "Digits of the zero-padded number (default: ${DEFAULT-VALUE}).")
    int digits;

    @Option(names = "--out", required = true, description = "File for the ids and tokens; must not exist.")
    Path out;

    @Override
    public Integer call() throws Exception {
        if (count < 1 || count > 100_000 || first < 0 || digits < 1 || digits > 9) {
            System.err.println("need 1 <= --count <= 100000, --first >= 0 and 1 <= --digits <= 9");
            return 2;
        }
        if (Files.exists(out)) {
            System.err.println(out + " exists already: tokens are shown once, so it is never overwritten");
            return 2;
        }
        List<String> ids = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            ids.add(prefix + String.format("%0" + digits + "d", first + i));
        }
        List<String> tokens;
        try (BikeRegistry bikes = registry.open()) {
            tokens = bikes.registerAll(ids);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            return 2;
        }
        write(ids, tokens);
        System.out.println("Registered " + count + " bikes (" + ids.get(0) + " .. " + ids.get(count - 1)
                + "); ids and tokens are in " + out);
        return 0;
    }

    private void write(List<String> ids, List<String> tokens) throws IOException {
        Path parent = out.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.createFile(out, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try (Writer writer = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
            for (int i = 0; i < ids.size(); i++) {
                writer.write(ids.get(i) + "\t" + tokens.get(i) + "\n");
            }
        }
    }
}
