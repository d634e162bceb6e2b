package com.bikefleet.hardware.gpsd;

import com.bikefleet.hardware.gps.GpsConnection;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.tinylog.Logger;

/**
 * One TCP connection to gpsd: asks for JSON reports with {@code ?WATCH} and turns TPV reports into fixes.
 * Reads wait at most {@link #POLL} so that silence and close are noticed.
 *
 * <p>Owned by the source's thread, except {@link #close}, which may come from any thread.
 */
final class GpsdConnection implements GpsConnection {

    static final String WATCH = "?WATCH={\"enable\":true,\"json\":true};\n";
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);
    private static final Duration POLL = Duration.ofMillis(250);
    /** gpsd's longest reports (SKY with many satellites) are a few kB; more than this is not gpsd. */
    private static final int MAX_LINE = 64 * 1024;

    private final Socket socket;
    private final InputStream in;
    private final byte[] buffer = new byte[4096];
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();

    GpsdConnection(String host, int port) throws IOException {
        socket = new Socket();
        try {
            socket.connect(new InetSocketAddress(host, port), (int) CONNECT_TIMEOUT.toMillis());
            socket.setSoTimeout((int) POLL.toMillis());
            socket.getOutputStream().write(WATCH.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            in = socket.getInputStream();
        } catch (IOException e) {
            socket.close();
            throw new IOException("cannot reach gpsd at " + host + ":" + port + ": " + e.getMessage(), e);
        }
    }

    @Override
    public boolean poll(Events events) throws IOException {
        int n;
        try {
            n = in.read(buffer);
        } catch (SocketTimeoutException e) {
            return true;
        }
        if (n < 0) {
            throw new IOException("gpsd closed the connection");
        }
        for (int i = 0; i < n; i++) {
            byte b = buffer[i];
            if (b == '\n') {
                handle(line.toString(StandardCharsets.UTF_8), events);
                line.reset();
            } else if (line.size() < MAX_LINE) {
                line.write(b);
            }
        }
        return true;
    }

    private static void handle(String text, Events events) {
        TpvReport report = TpvReport.parse(text.strip());
        switch (report.kind()) {
            case FIX -> {
                events.heard();
                events.fix(report.fix());
            }
            case NO_FIX -> events.heard();
            case MALFORMED -> Logger.debug("gpsd sent a line that is not a usable report: {}", text);
            case OTHER -> {
                // VERSION, DEVICES, WATCH: gpsd is there, but that says nothing about the receiver.
            }
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
