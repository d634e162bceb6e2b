package com.bikefleet.hardware.gpsd;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** A gpsd stand-in on loopback: accepts one client, reads its command, sends whatever the test says. */
final class FakeGpsd implements AutoCloseable {

    private final ServerSocket server;
    private Socket client;

    FakeGpsd(int port) throws IOException {
        server = new ServerSocket();
        server.setReuseAddress(true); // so that "gpsd coming back" can take the same port at once
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        server.setSoTimeout((int) Duration.ofSeconds(10).toMillis());
    }

    int port() {
        return server.getLocalPort();
    }

    /** Waits for the source to connect and returns the command it sent. */
    String acceptClient() throws IOException {
        client = server.accept();
        client.setSoTimeout((int) Duration.ofSeconds(10).toMillis());
        return new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.US_ASCII)).readLine();
    }

    void send(String... lines) throws IOException {
        OutputStream out = client.getOutputStream();
        for (String line : lines) {
            out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        }
        out.flush();
    }

    @Override
    public void close() throws IOException {
        if (client != null) {
            client.close();
        }
        server.close();
    }
}
