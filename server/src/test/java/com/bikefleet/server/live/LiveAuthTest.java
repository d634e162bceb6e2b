package com.bikefleet.server.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Listeners authenticate with an API token, in the header, a subprotocol or the query; anything else is a clean 401. */
class LiveAuthTest {

    @TempDir
    Path data;
    private LiveBikes live;

    @BeforeEach
    void start() throws Exception {
        live = new LiveBikes(data, LiveBikes.settings(Duration.ofMillis(50)));
    }

    @AfterEach
    void stop() throws Exception {
        live.close();
    }

    private int refusal(String query, String bearer) {
        ExecutionException e = assertThrows(ExecutionException.class, () -> RawListener
                .connect(live.port(), query, bearer, Integer.MAX_VALUE)
                .get(RawListener.TIMEOUT_SECONDS, TimeUnit.SECONDS).close());
        return assertInstanceOf(WebSocketHandshakeException.class, e.getCause()).getResponse().statusCode();
    }

    @Test
    void aMissingOrWrongTokenIsRefusedWith401() {
        String bikeToken = live.server.registry().issueToken("bike-1");
        assertEquals(401, refusal("", null));
        assertEquals(401, refusal("", "api_wrong"));
        assertEquals(401, refusal("?token=api_wrong", null));
        assertEquals(401, refusal("?other=1", null));
        assertEquals(401, refusal("?token=" + bikeToken, null), "a bike token is not an API token");
    }

    @Test
    void theTokenMayComeAsAQueryParameter() throws Exception {
        String token = live.apiToken("browser");
        try (RawListener listener = RawListener.connect(live.port(), "?v=1&token=" + token, null, Integer.MAX_VALUE)
                .get(RawListener.TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            listener.subscribeAll();
            listener.next("snapshot");
            assertEquals(1, live.server.live().listenersConnected());
        }
    }

    @Test
    void aBrowserMayOfferTheTokenAsASubprotocolAndGetsOnlyTheLiveProtocolBack() throws Exception {
        String token = live.apiToken("browser");
        try (RawListener listener = RawListener.connectOffering(live.port(), LivePath.SUBPROTOCOL, "bearer." + token)
                .get(RawListener.TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            assertEquals(LivePath.SUBPROTOCOL, listener.subprotocol(), "the token is never echoed");
            listener.subscribeAll();
            listener.next("snapshot");
        }
        ExecutionException e = assertThrows(ExecutionException.class, () -> RawListener
                .connectOffering(live.port(), LivePath.SUBPROTOCOL, "bearer.api_wrong")
                .get(RawListener.TIMEOUT_SECONDS, TimeUnit.SECONDS).close());
        assertEquals(401, assertInstanceOf(WebSocketHandshakeException.class, e.getCause()).getResponse().statusCode());
    }

    @Test
    void aRefusalIsAComplete401AndTheConnectionIsClosed() throws Exception {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), live.port())) {
            socket.setSoTimeout((int) TimeUnit.SECONDS.toMillis(RawListener.TIMEOUT_SECONDS));
            socket.getOutputStream().write(("GET /ws/live?token=api_wrong HTTP/1.1\r\n"
                    + "Host: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            // Reads to the end: returns only because the server closes the connection.
            String response = readToEnd(socket.getInputStream());
            assertTrue(response.startsWith("HTTP/1.1 401"), response);
            assertTrue(response.toLowerCase().contains("content-length: 0"), response);
        }
    }

    private static String readToEnd(InputStream in) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        in.transferTo(out);
        return out.toString(StandardCharsets.US_ASCII);
    }
}
