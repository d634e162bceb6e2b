package com.bikefleet.sim;

import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import java.io.IOException;
import java.io.StringReader;
import java.time.Instant;

/**
 * Reads the position updates out of a {@code /ws/live} frame without building a tree (a dashboard on the
 * whole fleet gets thousands of updates a frame). Snapshots, online/offline and errors are skipped.
 */
final class UpdatesParser {

    /** Called for each position update: the bike and its fix time in epoch milliseconds. */
    interface PositionSink {
        void position(String bikeId, long fixTimeMillis);
    }

    /** Passes each position update of an {@code updates} frame to the sink; returns how many there were. */
    int parse(String frame, PositionSink sink) throws IOException {
        try (JsonReader json = new JsonReader(new StringReader(frame))) {
            json.beginObject();
            String type = null;
            int count = 0;
            while (json.hasNext()) {
                String name = json.nextName();
                if (name.equals("type")) {
                    type = json.nextString();
                } else if (name.equals("updates") && json.peek() == JsonToken.BEGIN_ARRAY) {
                    // The server writes "type" first; an updates array in any other frame is not ours to read.
                    if (!"updates".equals(type)) {
                        json.skipValue();
                        continue;
                    }
                    json.beginArray();
                    while (json.hasNext()) {
                        count += update(json, sink);
                    }
                    json.endArray();
                } else {
                    json.skipValue();
                }
            }
            return count;
        }
    }

    private static int update(JsonReader json, PositionSink sink) throws IOException {
        json.beginObject();
        String type = null;
        String bikeId = null;
        long time = -1;
        while (json.hasNext()) {
            switch (json.nextName()) {
                case "type" -> type = json.nextString();
                case "bikeId" -> bikeId = json.nextString();
                case "position" -> time = positionTime(json);
                default -> json.skipValue();
            }
        }
        json.endObject();
        if ("position".equals(type) && bikeId != null && time >= 0) {
            sink.position(bikeId, time);
            return 1;
        }
        return 0;
    }

    private static long positionTime(JsonReader json) throws IOException {
        long time = -1;
        json.beginObject();
        while (json.hasNext()) {
            if (json.nextName().equals("time")) {
                time = Instant.parse(json.nextString()).toEpochMilli();
            } else {
                json.skipValue();
            }
        }
        json.endObject();
        return time;
    }
}
