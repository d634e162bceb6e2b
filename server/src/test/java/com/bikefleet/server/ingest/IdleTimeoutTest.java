package com.bikefleet.server.ingest;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.bikefleet.model.protocol.Hello;
import com.bikefleet.server.RawBike;
import com.bikefleet.server.TestServer;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The server drops a bike that has gone silent, so a dead connection does not hold the bike's slot. */
class IdleTimeoutTest {

    @TempDir
    Path data;
    private TestServer server;

    @BeforeEach
    void start() throws Exception {
        server = TestServer.start(TestServer.settings(data).withIdleTimeout(Duration.ofSeconds(1)));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void aSilentBikeIsDisconnectedAfterTheIdleTimeout() throws Exception {
        try (RawBike bike = RawBike.open(server.port(), "quiet", server.provision("quiet"))) {
            bike.send(new Hello("quiet", "test", 1, "outbox"));
            RawBike.Closed closed = bike.closed();
            assertTrue(closed.code() > 0, "closed by the server: " + closed);
        }
    }
}
