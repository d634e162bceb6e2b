package com.bikefleet.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class UpdatesParserTest {

    private final UpdatesParser parser = new UpdatesParser();

    private List<String> parse(String frame) throws IOException {
        List<String> out = new ArrayList<>();
        parser.parse(frame, (bike, time) -> out.add(bike + "@" + Instant.ofEpochMilli(time)));
        return out;
    }

    @Test
    void readsEachPositionUpdateWithItsFixTime() throws IOException {
        String frame = "{\"type\":\"updates\",\"updates\":[{\"type\":\"online\",\"bikeId\":\"b1\"},"
                + "{\"type\":\"position\",\"bikeId\":\"b2\",\"position\":{\"time\":\"2024-05-01T10:15:35.123Z\","
                + "\"lat\":52.5,\"lon\":13.4,\"speed\":5.1,\"fix\":\"3d\"}},"
                + "{\"type\":\"position\",\"bikeId\":\"b3\",\"position\":{\"lat\":1,\"time\":\"2024-05-01T10:15:36Z\"}},"
                + "{\"type\":\"offline\",\"bikeId\":\"b4\"}]}";
        assertEquals(List.of("b2@2024-05-01T10:15:35.123Z", "b3@2024-05-01T10:15:36Z"), parse(frame));
    }

    @Test
    void snapshotsAndErrorsCarryNoUpdates() throws IOException {
        assertEquals(List.of(), parse("{\"type\":\"snapshot\",\"bikes\":[{\"bikeId\":\"b\",\"position\":"
                + "{\"time\":\"2024-05-01T10:15:30Z\",\"lat\":1,\"lon\":2}}]}"));
        assertEquals(List.of(), parse("{\"type\":\"error\",\"code\":4100,\"message\":\"unknown type\"}"));
    }

    @Test
    void aBrokenFrameIsAnError() {
        assertThrows(IOException.class, () -> parse("{\"type\":\"updates\",\"updates\":[{"));
    }
}
