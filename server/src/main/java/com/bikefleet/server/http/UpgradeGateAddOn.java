package com.bikefleet.server.http;

import java.util.List;
import org.glassfish.grizzly.filterchain.FilterChainBuilder;
import org.glassfish.grizzly.http.server.AddOn;
import org.glassfish.grizzly.http.server.HttpServerFilter;
import org.glassfish.grizzly.http.server.NetworkListener;
import org.glassfish.tyrus.container.grizzly.server.GrizzlyServerFilter;

/**
 * Puts {@link ConnectionDeadlines}, {@link MalformedPaths} and then {@link UpgradeGate} between Grizzly's
 * HTTP codec and Tyrus' filter; register it after Tyrus' add-on.
 */
final class UpgradeGateAddOn implements AddOn {

    private final ConnectionDeadlines deadlines;
    private final UpgradeGate gate;

    UpgradeGateAddOn(ConnectionDeadlines deadlines, UpgradeGate gate) {
        this.deadlines = deadlines;
        this.gate = gate;
    }

    @Override
    public void setup(NetworkListener listener, FilterChainBuilder builder) {
        int tyrus = builder.indexOfType(GrizzlyServerFilter.class);
        if (tyrus < 0) {
            throw new IllegalStateException("no Tyrus filter to put the upgrade gate in front of");
        }
        builder.add(tyrus, gate);
        builder.add(tyrus, new MalformedPaths());
        builder.add(tyrus, deadlines);
    }
}
