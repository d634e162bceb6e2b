package com.bikefleet.agent.link;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Notices a connectivity change (an interface coming up or going down, a new address after the modem
 * re-registers) by comparing a fingerprint of the network interfaces each time it is polled.
 * Owned by the agent's worker thread.
 */
public final class NetworkWatcher {

    private final Supplier<String> fingerprint;
    private String last;

    public NetworkWatcher(Supplier<String> fingerprint) {
        this.fingerprint = fingerprint;
        this.last = fingerprint.get();
    }

    /** True when the network differs from the last poll. */
    public boolean changed() {
        String now = fingerprint.get();
        boolean changed = !Objects.equals(now, last);
        last = now;
        return changed;
    }

    /** The up, non-loopback interfaces and their addresses, as text. */
    public static String interfaces() {
        try {
            List<String> parts = new ArrayList<>();
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (nic.isUp() && !nic.isLoopback()) {
                    for (InetAddress address : Collections.list(nic.getInetAddresses())) {
                        parts.add(nic.getName() + "=" + address.getHostAddress());
                    }
                }
            }
            Collections.sort(parts);
            return String.join(",", parts);
        } catch (SocketException e) {
            return "unknown";
        }
    }
}
