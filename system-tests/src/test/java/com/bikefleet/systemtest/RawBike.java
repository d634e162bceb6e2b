package com.bikefleet.systemtest;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/** A bike's connection made by hand (the JDK's WebSocket client): a hello, then nothing but listening. */
final class RawBike implements AutoCloseable {

    private final CompletableFuture<Integer> closeCode = new CompletableFuture<>();
    private final WebSocket socket;

    private RawBike(String wsBase, String bikeId, String token) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        this.socket = http.newWebSocketBuilder()
                .header("Authorization", "Bearer " + token)
                .buildAsync(URI.create(wsBase + "/ws/bikes/" + bikeId), new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
                        closeCode.complete(statusCode);
                        return null;
                    }

                    @Override
                    public void onError(WebSocket webSocket, Throwable error) {
                        closeCode.completeExceptionally(error);
                    }
                })
                .get(10, TimeUnit.SECONDS);
        socket.sendText("{\"type\":\"hello\",\"bikeId\":\"" + bikeId + "\",\"agentVersion\":\"test\",\"protocol\":1,"
                + "\"outboxId\":\"raw-outbox\",\"floor\":0,\"dropped\":0}", true).get(5, TimeUnit.SECONDS);
    }

    static RawBike connect(String wsBase, String bikeId, String token) throws Exception {
        return new RawBike(wsBase, bikeId, token);
    }

    /** Sends one text frame as it is. */
    void send(String frame) throws Exception {
        socket.sendText(frame, true).get(5, TimeUnit.SECONDS);
    }

    /** The close code the server sent, or null while the connection is open. */
    Integer closeCode() {
        return closeCode.isDone() && !closeCode.isCompletedExceptionally() ? closeCode.join() : null;
    }

    @Override
    public void close() {
        socket.abort();
    }
}
