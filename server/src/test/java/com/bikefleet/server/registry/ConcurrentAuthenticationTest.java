package com.bikefleet.server.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.bikefleet.server.store.sqlite.SqliteStorage;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Handshakes authenticate on several network threads at once through the registry's pooled SQLite
 * connections, against a real file, while an operator revokes a bike from another connection (as the
 * {@code revoke} command does from its own process): the revocation holds from the next handshake on, and
 * every other bike keeps authenticating.
 */
class ConcurrentAuthenticationTest {

    private static final int BIKES = 20;
    private static final int THREADS = 8;
    private static final int ROUNDS = 200;

    @TempDir
    Path data;

    @Test
    void manyThreadsAuthenticateAtOnceAndARevocationFromAnotherConnectionHoldsAtOnce() throws Exception {
        try (SqliteStorage storage = SqliteStorage.open(data);
             BikeRegistry server = new BikeRegistry(storage.concurrentSql(), new SecureRandom(), Clock.systemUTC());
             BikeRegistry operator = new BikeRegistry(storage.sql(), new SecureRandom(), Clock.systemUTC())) {
            List<String> tokens = new ArrayList<>();
            for (int i = 0; i < BIKES; i++) {
                tokens.add(operator.register("bike-" + i));
            }
            AtomicBoolean revoked = new AtomicBoolean();
            ExecutorService threads = Executors.newFixedThreadPool(THREADS);
            try {
                List<Future<Integer>> results = new ArrayList<>();
                for (int t = 0; t < THREADS; t++) {
                    results.add(threads.submit(() -> {
                        int checked = 0;
                        for (int round = 0; round < ROUNDS; round++) {
                            for (int i = 0; i < BIKES; i++) {
                                boolean revokedBefore = revoked.get();
                                boolean ok = server.authenticate("bike-" + i, tokens.get(i));
                                if (i == 7 && revokedBefore) {
                                    assertFalse(ok, "bike-7 authenticated after its revocation");
                                } else if (i != 7) {
                                    assertTrue(ok, "bike-" + i + " refused");
                                }
                                checked++;
                            }
                        }
                        return checked;
                    }));
                }
                Thread.sleep(50);
                operator.revoke("bike-7");
                revoked.set(true);
                int checked = 0;
                for (Future<Integer> result : results) {
                    checked += result.get(60, TimeUnit.SECONDS);
                }
                assertEquals(THREADS * ROUNDS * BIKES, checked);
            } finally {
                threads.shutdownNow();
            }
            assertFalse(server.authenticate("bike-7", tokens.get(7)));
            assertTrue(server.authenticate("bike-8", tokens.get(8)));
        }
    }
}
