package com.bikefleet.bench;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

/**
 * Attack (a): upgrade requests that must never open a WebSocket, at a bounded rate: no token, a wrong token,
 * another bike's valid token, a bike token on /ws/live, and paths spelled other than canonically with the
 * attacker's own valid token. Counts the HTTP status of each answer per kind; any 101 is a bypass.
 */
final class UpgradeFlood {

    /** One kind of attempt: what it is called, and the request for the i-th good bike. */
    private record Kind(String name, IntFunction<String> target,
                        IntFunction<Map<String, String>> headers) {
    }

    private static final int TIMEOUT_MILLIS = 5_000;

    private final int port;
    private final List<String> goodIds;
    private final List<Kind> kinds = new ArrayList<>();
    private final Map<String, Tally> statuses = new LinkedHashMap<>();
    private final AtomicLong attempts = new AtomicLong();
    private final AtomicInteger next = new AtomicInteger();
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running = true;

    UpgradeFlood(int port, List<String> goodIds, String attackerId, String attackerToken) {
        this.port = port;
        this.goodIds = goodIds;
        Map<String, String> none = Map.of();
        Map<String, String> own = Map.of("Authorization", "Bearer " + attackerToken);
        kind("no token, /ws/bikes/<good>", i -> "/ws/bikes/" + good(i), i -> none);
        kind("wrong token, /ws/bikes/<good>", i -> "/ws/bikes/" + good(i),
                i -> Map.of("Authorization", "Bearer " + Long.toHexString(System.nanoTime()) + "0123456789abcdef"));
        kind("attacker's token, /ws/bikes/<good>", i -> "/ws/bikes/" + good(i), i -> own);
        kind("attacker's token, /ws/%62ikes/<good>", i -> "/ws/%62ikes/" + good(i), i -> own);
        kind("attacker's token, /ws/%62ikes/<attacker>", i -> "/ws/%62ikes/" + attackerId, i -> own);
        kind("attacker's token, /ws/bikes/<attacker>;x", i -> "/ws/bikes/" + attackerId + ";x", i -> own);
        kind("attacker's token, /ws//bikes/<good>", i -> "/ws//bikes/" + good(i), i -> own);
        kind("attacker's token, /ws/bikes/../bikes/<good>", i -> "/ws/bikes/../bikes/" + good(i), i -> own);
        kind("attacker's token, /ws/bikes/<good>/", i -> "/ws/bikes/" + good(i) + "/", i -> own);
        kind("attacker's token, /WS/bikes/<good>", i -> "/WS/bikes/" + good(i), i -> own);
        kind("no token, /ws/live;x", i -> "/ws/live;x", i -> none);
        kind("no token, /ws/live", i -> "/ws/live", i -> none);
        kind("attacker's bike token, /ws/live?token=", i -> "/ws/live?token=" + attackerToken, i -> none);
        kind("attacker's bike token as subprotocol, /ws/live", i -> "/ws/live",
                i -> Map.of("Sec-WebSocket-Protocol", "bikefleet-live, bearer." + attackerToken));
    }

    private void kind(String name, IntFunction<String> target,
                      IntFunction<Map<String, String>> headers) {
        kinds.add(new Kind(name, target, headers));
        statuses.put(name, new Tally());
    }

    private String good(int i) {
        return goodIds.get(i % goodIds.size());
    }

    /** Starts {@code threadCount} threads that together make {@code perSecond} attempts a second at most. */
    void start(int perSecond, int threadCount) {
        long intervalNanos = TimeUnit.SECONDS.toNanos(1) * threadCount / perSecond;
        for (int t = 0; t < threadCount; t++) {
            Thread thread = new Thread(() -> run(intervalNanos), "attack-upgrades-" + t);
            thread.setDaemon(true);
            thread.start();
            threads.add(thread);
        }
    }

    private void run(long intervalNanos) {
        long due = System.nanoTime();
        while (running) {
            long wait = due - System.nanoTime();
            if (wait > 0) {
                try {
                    TimeUnit.NANOSECONDS.sleep(wait);
                } catch (InterruptedException e) {
                    return;
                }
            }
            // A slow answer delays the next attempt rather than piling attempts up.
            due = Math.max(due + intervalNanos, System.nanoTime() - intervalNanos);
            int i = next.getAndIncrement();
            Kind kind = kinds.get(i % kinds.size());
            attempts.incrementAndGet();
            statuses.get(kind.name()).count(attempt(kind, i / kinds.size()));
        }
    }

    private String attempt(Kind kind, int i) {
        try (RawSocket socket = RawSocket.upgrade(port, kind.target().apply(i), kind.headers().apply(i),
                TIMEOUT_MILLIS)) {
            return socket.status() < 0 ? "closed without an answer" : Integer.toString(socket.status());
        } catch (SocketTimeoutException e) {
            return "timed out";
        } catch (IOException | RuntimeException e) {
            return e.getClass().getSimpleName();
        }
    }

    long attempts() {
        return attempts.get();
    }

    /** Attempts answered 101 Switching Protocols: each one is an attacker let in. */
    long switched() {
        return statuses.values().stream().mapToLong(t -> t.get("101")).sum();
    }

    Map<String, Tally> statuses() {
        return statuses;
    }

    /** Stops the attack and waits for its thread. */
    void stop() throws InterruptedException {
        running = false;
        for (Thread thread : threads) {
            thread.join(TIMEOUT_MILLIS * 2L);
        }
    }
}
