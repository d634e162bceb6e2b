package com.bikefleet.server.backplane;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.bikefleet.model.Fix;
import com.bikefleet.model.FixType;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class BackplaneMessageTest {

    @Test
    void aPositionWithEveryFieldAndOneWithNoneRoundTrip() {
        Fix full = new Fix(Instant.parse("2026-05-01T10:00:00.123Z"), 52.520008, -13.404954, 5.4, 271.3, 34.2, 0.9, 11,
                FixType.THREE_D);
        Fix bare = new Fix(Instant.parse("2026-05-01T10:00:01Z"), -0.00001, 179.99999, null, null, null, null, null,
                null);
        for (Fix fix : List.of(full, bare)) {
            BackplaneMessage message = BackplaneMessage.position("instance-a", "bike-0042", fix);
            assertEquals(message, BackplaneMessage.decode(message.encode()));
        }
    }

    @Test
    void presenceMessagesAndRostersRoundTrip() {
        for (BackplaneMessage message : List.of(
                BackplaneMessage.about(BackplaneMessage.Kind.ONLINE, "a", "bike-1"),
                BackplaneMessage.about(BackplaneMessage.Kind.OFFLINE, "a", "bike-1"),
                BackplaneMessage.about(BackplaneMessage.Kind.REPLACE, "b", "bike.2_x"),
                BackplaneMessage.about(BackplaneMessage.Kind.COMMANDS, "c", "bike-3"),
                BackplaneMessage.roster("a", List.of("bike-1", "bike-2")),
                BackplaneMessage.roster("a", List.of()))) {
            assertEquals(message, BackplaneMessage.decode(message.encode()));
        }
        assertEquals("on|a|bike-1", BackplaneMessage.about(BackplaneMessage.Kind.ONLINE, "a", "bike-1").encode());
    }

    @Test
    void aMessageFromAnotherVersionIsRefusedWithItsText() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BackplaneMessage.decode("teleport|a|bike-1"));
        assertEquals("unknown backplane message kind 'teleport'", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> BackplaneMessage.decode("p|a|bike-1|1"));
        assertThrows(IllegalArgumentException.class, () -> BackplaneMessage.decode("nothing"));
    }
}
