package com.bikefleet.server;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * A bike on a plain socket that does the WebSocket handshake and then writes frames without reading what
 * the server sends, until told to. The JDK's WebSocket client keeps reading into its own buffers when its
 * listener stops asking, so it cannot stand in for a client that stops reading; this one can: its small
 * receive buffer fills and the server's sends back up.
 */
public final class StalledBike implements AutoCloseable {

    /** The server's close frame: its code, and its reason. */
    public record Closed(int code, String reason) {
    }

    private final Socket socket;
    private final OutputStream out;
    private final DataInputStream in;

    private StalledBike(Socket socket) throws IOException {
        this.socket = socket;
        this.out = socket.getOutputStream();
        this.in = new DataInputStream(socket.getInputStream());
    }

    public static StalledBike open(int port, String bikeId, String token) throws IOException {
        Socket socket = new Socket();
        // Before connecting, so the window is small from the start.
        socket.setReceiveBufferSize(4096);
        socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
        socket.setSoTimeout(10_000);
        StalledBike bike = new StalledBike(socket);
        String key = Base64.getEncoder().encodeToString("stalled-bike-key".getBytes(StandardCharsets.US_ASCII));
        bike.out.write(("GET /ws/bikes/" + bikeId + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n"
                + "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: " + key + "\r\n"
                + "Sec-WebSocket-Version: 13\r\nAuthorization: Bearer " + token + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        bike.out.flush();
        String status = bike.readHeaders();
        if (!status.startsWith("HTTP/1.1 101")) {
            socket.close();
            throw new IOException("upgrade refused: " + status);
        }
        return bike;
    }

    private String readHeaders() throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed during the handshake");
            }
            head.write(b);
            matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        String text = head.toString(StandardCharsets.US_ASCII);
        return text.substring(0, text.indexOf("\r\n"));
    }

    /** Writes one masked text frame; blocks when the server stops reading. */
    public void sendText(String text) throws IOException {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream frame = new ByteArrayOutputStream(payload.length + 14);
        frame.write(0x81);
        if (payload.length < 126) {
            frame.write(0x80 | payload.length);
        } else if (payload.length < 65_536) {
            frame.write(0x80 | 126);
            frame.write(payload.length >>> 8);
            frame.write(payload.length);
        } else {
            frame.write(0x80 | 127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                frame.write((int) ((long) payload.length >>> shift));
            }
        }
        // A zero mask: masked as the protocol requires, the payload unchanged.
        frame.write(new byte[4]);
        frame.write(payload);
        out.write(frame.toByteArray());
        out.flush();
    }

    /** Reads again, skipping what the server queued, until its close frame. */
    public Closed readUntilClose() throws IOException {
        InputStream stream = in;
        while (true) {
            int first = stream.read();
            if (first < 0) {
                throw new IOException("connection ended without a close frame");
            }
            long length = in.readUnsignedByte() & 0x7f;
            if (length == 126) {
                length = in.readUnsignedShort();
            } else if (length == 127) {
                length = in.readLong();
            }
            byte[] payload = new byte[(int) length];
            in.readFully(payload);
            if ((first & 0x0f) == 0x8) {
                int code = payload.length >= 2 ? ((payload[0] & 0xff) << 8) | (payload[1] & 0xff) : -1;
                String reason = payload.length > 2
                        ? new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8) : "";
                return new Closed(code, reason);
            }
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
