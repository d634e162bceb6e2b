package com.bikefleet.systemtest;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A WebSocket client written on a bare socket, so a test can send what no well-behaved client library would:
 * any request target, unmasked or oversized frames, binary frames, frames and requests a byte at a time.
 * Only what the hostile-client tests need: one upgrade, frames out, frames in.
 */
final class RawWebSocket implements AutoCloseable {

    /** One frame the server sent. */
    record Frame(int opcode, byte[] payload) {
        String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }

        /** The close code of a close frame, or -1. */
        int closeCode() {
            return opcode == 0x8 && payload.length >= 2 ? (payload[0] & 0xff) << 8 | (payload[1] & 0xff) : -1;
        }
    }

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    private final int status;
    private final String responseHead;

    private RawWebSocket(Socket socket, int status, String responseHead) throws IOException {
        this.socket = socket;
        this.in = new DataInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
        this.status = status;
        this.responseHead = responseHead;
    }

    /** Opens a plain socket to 127.0.0.1:port, sending nothing yet. */
    static Socket socket(int port) throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5_000);
        socket.setSoTimeout(10_000);
        return socket;
    }

    /** Sends a WebSocket upgrade for {@code target} exactly as given (no encoding), with extra headers. */
    static RawWebSocket upgrade(int port, String target, Map<String, String> extraHeaders) throws IOException {
        Socket socket = socket(port);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Host", "127.0.0.1:" + port);
        headers.put("Upgrade", "websocket");
        headers.put("Connection", "Upgrade");
        byte[] key = new byte[16];
        RANDOM.nextBytes(key);
        headers.put("Sec-WebSocket-Key", Base64.getEncoder().encodeToString(key));
        headers.put("Sec-WebSocket-Version", "13");
        headers.putAll(extraHeaders);
        StringBuilder request = new StringBuilder("GET ").append(target).append(" HTTP/1.1\r\n");
        headers.forEach((name, value) -> request.append(name).append(": ").append(value).append("\r\n"));
        request.append("\r\n");
        socket.getOutputStream().write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
        socket.getOutputStream().flush();
        String head = readHead(socket.getInputStream());
        int status = head.isEmpty() ? -1 : Integer.parseInt(head.split(" ", 3)[1]);
        return new RawWebSocket(socket, status, head);
    }

    /** An upgrade with a bearer token, or none when {@code token} is null. */
    static RawWebSocket upgrade(int port, String target, String token) throws IOException {
        return upgrade(port, target, token == null ? Map.of() : Map.of("Authorization", "Bearer " + token));
    }

    /** Reads a response's status line and headers; empty when the server closed first. */
    static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            head.write(b);
            matched = (b == '\r' && (matched == 0 || matched == 2)) || (b == '\n' && (matched == 1 || matched == 3))
                    ? matched + 1 : 0;
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    int status() {
        return status;
    }

    String responseHead() {
        return responseHead;
    }

    void sendText(String text) throws IOException {
        sendFrame(0x1, text.getBytes(StandardCharsets.UTF_8), true, true);
    }

    /** Sends one frame; {@code masked} false sends it as a server would, which a client must not. */
    void sendFrame(int opcode, byte[] payload, boolean masked, boolean fin) throws IOException {
        out.write(frame(opcode, payload, masked, fin));
        out.flush();
    }

    /** Sends bytes as they are, such as several frames in one write. */
    void sendBytes(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    static byte[] frame(int opcode, byte[] payload, boolean masked, boolean fin) {
        ByteArrayOutputStream frame = new ByteArrayOutputStream(payload.length + 14);
        frame.write((fin ? 0x80 : 0) | opcode);
        int maskBit = masked ? 0x80 : 0;
        if (payload.length < 126) {
            frame.write(maskBit | payload.length);
        } else if (payload.length < 65536) {
            frame.write(maskBit | 126);
            frame.write(payload.length >> 8);
            frame.write(payload.length);
        } else {
            frame.write(maskBit | 127);
            long length = payload.length;
            for (int shift = 56; shift >= 0; shift -= 8) {
                frame.write((int) (length >> shift));
            }
        }
        if (!masked) {
            frame.writeBytes(payload);
            return frame.toByteArray();
        }
        byte[] mask = new byte[4];
        RANDOM.nextBytes(mask);
        frame.writeBytes(mask);
        byte[] body = payload.clone();
        for (int i = 0; i < body.length; i++) {
            body[i] ^= mask[i & 3];
        }
        frame.writeBytes(body);
        return frame.toByteArray();
    }

    /** The next frame from the server; null when it closed the connection without one or {@code timeout} passed. */
    Frame next(Duration timeout) throws IOException {
        socket.setSoTimeout((int) timeout.toMillis());
        try {
            return read();
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * Reads frames until a close frame and returns its code: -1 when the connection ended without one,
     * -2 when nothing ended within {@code timeout}.
     */
    int closeCode(Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            socket.setSoTimeout((int) Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
            Frame frame;
            try {
                frame = read();
            } catch (SocketTimeoutException e) {
                return -2;
            } catch (IOException e) {
                return -1; // end of stream or a reset: closed without a close frame
            }
            if (frame.opcode() == 0x8) {
                return frame.closeCode();
            }
        }
        return -2;
    }

    private Frame read() throws IOException {
        int first = in.readUnsignedByte();
        int second = in.readUnsignedByte();
        long length = second & 0x7f;
        if (length == 126) {
            length = in.readUnsignedShort();
        } else if (length == 127) {
            length = in.readLong();
        }
        byte[] payload = new byte[Math.toIntExact(length)];
        in.readFully(payload);
        return new Frame(first & 0x0f, payload);
    }

    /** Whether the server has closed the connection (reads end of stream) within {@code timeout}. */
    static boolean closedWithin(Socket socket, Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        InputStream in = socket.getInputStream();
        while (System.nanoTime() < deadline) {
            socket.setSoTimeout((int) Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
            try {
                if (in.read() < 0) {
                    return true;
                }
            } catch (SocketTimeoutException e) {
                return false;
            } catch (IOException e) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
