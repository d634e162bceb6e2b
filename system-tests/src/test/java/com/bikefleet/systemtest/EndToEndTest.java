package com.bikefleet.systemtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.bikefleet.agent.config.AgentConfig;
import com.bikefleet.hardware.gps.setup.GpsSources;
import com.bikefleet.hardware.sim.SimulatedGps;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real server process and a real agent process with a simulated GPS, end to end. */
class EndToEndTest {

    @TempDir
    Path dir;

    @Test
    void everyGeneratedFixIsStoredOnceWithContiguousSequenceNumbers() throws Exception {
        try (ServerProcess server = ServerProcess.start(dir.resolve("data"), dir.resolve("server.log"))) {
            Path outbox = dir.resolve("bike/outbox.db");
            Path config = server.provision("e2e-bike", dir.resolve("e2e-bike.conf"), outbox, "100ms");
            ServerApi api = server.api();

            try (AgentProcess agent = AgentProcess.start(config, dir.resolve("agent.log"))) {
                Await.until("50 fixes stored", Duration.ofSeconds(60), () -> api.track("e2e-bike").size() >= 50);
                assertTrue(agent.stop(), "agent did not stop on SIGTERM");
            }

            List<ServerApi.StoredFix> stored = api.track("e2e-bike");
            OutboxFile left = OutboxFile.read(outbox);
            List<Long> seqs = stored.stream().map(ServerApi.StoredFix::seq).toList();

            // Stored exactly once, from 1 without gaps.
            assertEquals(LongStream.rangeClosed(1, seqs.size()).boxed().toList(), seqs);
            assertTrue(stored.stream().allMatch(s -> s.outboxId().equals(left.outboxId())));
            // Everything the agent generated is either stored or still waiting in its outbox.
            Set<Long> accountedFor = new HashSet<>(seqs);
            accountedFor.addAll(left.pendingSeqs());
            assertEquals(LongStream.rangeClosed(1, left.lastSeq()).boxed().collect(Collectors.toSet()), accountedFor);

            // And each stored fix is exactly the one the simulated receiver produced.
            SimulatedGps expected = (SimulatedGps) GpsSources.create(AgentConfig.load(config).gps(), Clock.systemUTC());
            Instant start = stored.get(0).fix().time();
            for (ServerApi.StoredFix s : stored) {
                assertEquals(expected.fixAt(start, s.seq() - 1), s.fix(), "fix " + s.seq());
            }
        }
    }

    @Test
    void theServerListensOnlyOnTheAddressItWasGiven() throws Exception {
        try (ServerProcess server = ServerProcess.start(dir.resolve("data"), dir.resolve("server.log"))) {
            try (Socket ok = new Socket()) {
                ok.connect(new InetSocketAddress("127.0.0.1", server.port()), 5_000);
            }
            assertThrows(ConnectException.class, () -> {
                try (Socket other = new Socket()) {
                    other.connect(new InetSocketAddress("127.0.0.2", server.port()), 5_000);
                }
            });
        }
    }
}
