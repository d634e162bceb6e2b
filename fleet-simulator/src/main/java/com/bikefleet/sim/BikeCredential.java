package com.bikefleet.sim;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A bike id and its token, as {@code bike-server provision-batch} writes them: {@code id<TAB>token}. */
record BikeCredential(String bikeId, String token) {

    /** Reads every line; a malformed one is an error naming the file and line. */
    static List<BikeCredential> read(Path file) throws IOException {
        List<BikeCredential> out = new ArrayList<>();
        int lineNumber = 0;
        for (String line : Files.readAllLines(file)) {
            lineNumber++;
            if (line.isBlank()) {
                continue;
            }
            String[] parts = line.split("\t");
            if (parts.length != 2 || parts[0].isEmpty() || parts[1].isEmpty()) {
                throw new IOException(file + ":" + lineNumber + ": expected 'bike-id<TAB>token'");
            }
            out.add(new BikeCredential(parts[0], parts[1]));
        }
        return out;
    }

    @Override
    public String toString() {
        return "BikeCredential[" + bikeId + ", token hidden]";
    }
}
