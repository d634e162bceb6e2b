package com.bikefleet.server.ingest;

import com.bikefleet.server.registry.BikeRegistry;
import org.glassfish.grizzly.filterchain.FilterChainBuilder;
import org.glassfish.grizzly.http.server.AddOn;
import org.glassfish.grizzly.http.server.HttpServerFilter;
import org.glassfish.grizzly.http.server.NetworkListener;
import org.glassfish.tyrus.container.grizzly.server.GrizzlyServerFilter;

/** Puts {@link BikeUpgradeAuthFilter} (authentication, then admission) in front of Tyrus' filter; register it after Tyrus' add-on. */
public final class BikeUpgradeAuthAddOn implements AddOn {

    private final BikeRegistry registry;
    private final HandshakeAdmission admission;

    public BikeUpgradeAuthAddOn(BikeRegistry registry, HandshakeAdmission admission) {
        this.registry = registry;
        this.admission = admission;
    }

    @Override
    public void setup(NetworkListener listener, FilterChainBuilder builder) {
        int tyrus = builder.indexOfType(GrizzlyServerFilter.class);
        int position = tyrus >= 0 ? tyrus : builder.indexOfType(HttpServerFilter.class);
        if (position < 0) {
            throw new IllegalStateException("no HTTP filter to put bike authentication in front of");
        }
        builder.add(position, new BikeUpgradeAuthFilter(registry, admission));
    }
}
