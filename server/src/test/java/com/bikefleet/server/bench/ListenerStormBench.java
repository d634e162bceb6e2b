package com.bikefleet.server.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * Apps coming back after a restart: LISTENERS clients open /ws/live at once, each subscribes to one bike
 * (from the tokens file, in turn) and a box of about 1 x 1 km around where the storm bench put it, and
 * waits for its snapshot. Prints how long until every snapshot arrived and the per-listener percentiles.
 * Usage: ListenerStormBench PORT API_TOKEN_FILE BIKE_TOKENS_FILE LISTENERS
 */
public final class ListenerStormBench {

    private ListenerStormBench() {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        String apiToken = Files.readString(Path.of(args[1])).strip();
        List<String> bikes = Files.readAllLines(Path.of(args[2])).stream().filter(l -> !l.isBlank())
                .map(l -> l.strip().split("\\s+")[0]).toList();
        int listeners = Integer.parseInt(args[3]);
        HttpClient client = HttpClient.newHttpClient();
        List<CompletableFuture<Long>> snapshots = new ArrayList<>();
        List<WebSocket> sockets = new ArrayList<>();
        long origin = System.nanoTime();
        for (int i = 0; i < listeners; i++) {
            int bike = (int) ((long) i * bikes.size() / listeners);
            // Where StormBench put bike number n: 52.45 + (n % 100) * 0.002, 13.30 + (n / 100) * 0.002.
            double lat = 52.45 + (bike % 100) * 0.002;
            double lon = 13.30 + (bike / 100) * 0.002;
            String subscribe = String.format(java.util.Locale.ROOT,
                    "{\"type\":\"subscribe\",\"bikeIds\":[\"%s\"],\"bbox\":[%.4f,%.4f,%.4f,%.4f]}", bikes.get(bike),
                    lon - 0.007, lat - 0.0045, lon + 0.007, lat + 0.0045);
            CompletableFuture<Long> snapshot = new CompletableFuture<>();
            long start = System.nanoTime();
            WebSocket socket = client.newWebSocketBuilder().header("Authorization", "Bearer " + apiToken)
                    .buildAsync(URI.create("ws://127.0.0.1:" + port + "/ws/live"), new WebSocket.Listener() {
                        private final StringBuilder text = new StringBuilder();

                        @Override
                        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                            text.append(data);
                            if (last) {
                                if (text.indexOf("\"snapshot\"") >= 0) {
                                    snapshot.complete(System.nanoTime() - start);
                                }
                                text.setLength(0);
                            }
                            webSocket.request(1);
                            return null;
                        }

                        @Override
                        public void onError(WebSocket webSocket, Throwable error) {
                            snapshot.completeExceptionally(error);
                        }
                    }).get(60, TimeUnit.SECONDS);
            socket.sendText(subscribe, true);
            sockets.add(socket);
            snapshots.add(snapshot);
        }
        long[] latencies = new long[listeners];
        int failed = 0;
        for (int i = 0; i < listeners; i++) {
            try {
                latencies[i] = snapshots.get(i).get(120, TimeUnit.SECONDS);
            } catch (Exception e) {
                failed++;
                latencies[i] = Long.MAX_VALUE;
            }
        }
        double seconds = (System.nanoTime() - origin) / 1e9;
        Arrays.sort(latencies);
        System.out.printf("listeners %d subscribed (bike + box) and got their snapshots %.2f s after the first "
                + "connect; per listener subscribe to snapshot p50 %.1f ms, p99 %.1f ms; failed %d%n", listeners,
                seconds, latencies[listeners / 2] / 1e6, latencies[(int) Math.ceil(listeners * 0.99) - 1] / 1e6,
                failed);
        for (WebSocket socket : sockets) {
            socket.abort();
        }
        System.exit(failed > 0 ? 1 : 0);
    }
}
