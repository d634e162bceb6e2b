package com.bikefleet.bench;

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
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A WebSocket client on a bare socket for the attackers of {@link UnderAttackBench}: it sends what a client
 * library would not (any request target, oversized or binary frames) and reads only when told to. The
 * system tests' RawWebSocket does the same for tests; this one lives here so the bench needs nothing from
 * their package.
 */
final class RawSocket implements AutoCloseable {

    /** One frame from the server: its opcode, and its close code for a close frame (else -1). */
    record Frame(int opcode, int length, int closeCode) {
    }

    private final Socket socket;
    private final int status;

    private RawSocket(Socket socket, int status) {
        this.socket = socket;
        this.status = status;
    }

    static Socket connect(int port, int timeoutMillis) throws IOException {
        Socket socket = new Socket();
        try {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), timeoutMillis);
            socket.setSoTimeout(timeoutMillis);
        } catch (IOException e) {
            socket.close();
            throw e;
        }
        return socket;
    }

    /**
     * Sends an upgrade for {@code target} exactly as given with {@code headers} added, and reads the answer's
     * head; the status is -1 when the server closed without one. Throws on connect failures and timeouts.
     */
    static RawSocket upgrade(int port, String target, Map<String, String> headers, int timeoutMillis)
            throws IOException {
        Socket socket = connect(port, timeoutMillis);
        try {
            byte[] key = new byte[16];
            ThreadLocalRandom.current().nextBytes(key);
            StringBuilder request = new StringBuilder("GET ").append(target).append(" HTTP/1.1\r\n")
                    .append("Host: 127.0.0.1:").append(port).append("\r\n")
                    .append("Upgrade: websocket\r\nConnection: Upgrade\r\n")
                    .append("Sec-WebSocket-Key: ").append(Base64.getEncoder().encodeToString(key)).append("\r\n")
                    .append("Sec-WebSocket-Version: 13\r\n");
            headers.forEach((name, value) -> request.append(name).append(": ").append(value).append("\r\n"));
            request.append("\r\n");
            OutputStream out = socket.getOutputStream();
            out.write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            String head = readHead(socket.getInputStream());
            int status = head.isEmpty() ? -1 : Integer.parseInt(head.split(" ", 3)[1]);
            return new RawSocket(socket, status);
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    /** A response's status line and headers, read a byte at a time so nothing after them is consumed. */
    private static String readHead(InputStream in) throws IOException {
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

    Socket socket() {
        return socket;
    }

    /** Writes one masked frame, as a client must. Blocks while the server does not read. */
    void send(int opcode, byte[] payload) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(frame(opcode, payload));
        out.flush();
    }

    static byte[] frame(int opcode, byte[] payload) {
        ByteArrayOutputStream frame = new ByteArrayOutputStream(payload.length + 14);
        frame.write(0x80 | opcode);
        if (payload.length < 126) {
            frame.write(0x80 | payload.length);
        } else if (payload.length < 65536) {
            frame.write(0x80 | 126);
            frame.write(payload.length >> 8);
            frame.write(payload.length);
        } else {
            frame.write(0x80 | 127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                frame.write((int) ((long) payload.length >> shift));
            }
        }
        byte[] mask = new byte[4];
        ThreadLocalRandom.current().nextBytes(mask);
        frame.writeBytes(mask);
        byte[] body = payload.clone();
        for (int i = 0; i < body.length; i++) {
            body[i] ^= mask[i & 3];
        }
        frame.writeBytes(body);
        return frame.toByteArray();
    }

    /** The next frame's header, its payload skipped; null on end of stream, a reset or the timeout. */
    Frame next(int timeoutMillis) throws IOException {
        socket.setSoTimeout(timeoutMillis);
        DataInputStream in = new DataInputStream(socket.getInputStream());
        try {
            int first = in.readUnsignedByte();
            int second = in.readUnsignedByte();
            long length = second & 0x7f;
            if (length == 126) {
                length = in.readUnsignedShort();
            } else if (length == 127) {
                length = in.readLong();
            }
            int closeCode = -1;
            long skip = length;
            if ((first & 0x0f) == 0x8 && length >= 2) {
                closeCode = in.readUnsignedShort();
                skip -= 2;
            }
            in.skipNBytes(skip);
            return new Frame(first & 0x0f, (int) length, closeCode);
        } catch (SocketTimeoutException e) {
            return null;
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * Reads until a close frame and returns its code: "EOF" when the connection ended without one, "no close
     * within Nms" when nothing ended in time.
     */
    String closeCode(int timeoutMillis) throws IOException {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        while (true) {
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                return "no close within " + timeoutMillis + " ms";
            }
            socket.setSoTimeout((int) left);
            DataInputStream in = new DataInputStream(socket.getInputStream());
            int first;
            try {
                first = in.read();
            } catch (SocketTimeoutException e) {
                return "no close within " + timeoutMillis + " ms";
            } catch (IOException e) {
                return "reset";
            }
            if (first < 0) {
                return "EOF";
            }
            try {
                int second = in.readUnsignedByte();
                long length = second & 0x7f;
                if (length == 126) {
                    length = in.readUnsignedShort();
                } else if (length == 127) {
                    length = in.readLong();
                }
                if ((first & 0x0f) == 0x8) {
                    return length >= 2 ? Integer.toString(in.readUnsignedShort()) : "close without code";
                }
                in.skipNBytes(length);
            } catch (SocketTimeoutException e) {
                return "no close within " + timeoutMillis + " ms";
            } catch (IOException e) {
                return "EOF";
            }
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
