package com.bikefleet.server.live;

import com.bikefleet.server.registry.ApiTokens;
import org.glassfish.grizzly.filterchain.FilterChainBuilder;
import org.glassfish.grizzly.http.server.AddOn;
import org.glassfish.grizzly.http.server.HttpServerFilter;
import org.glassfish.grizzly.http.server.NetworkListener;
import org.glassfish.tyrus.container.grizzly.server.GrizzlyServerFilter;

/** Puts {@link LiveUpgradeAuthFilter} in front of Tyrus' filter; register it after Tyrus' add-on. */
public final class LiveUpgradeAuthAddOn implements AddOn {

    private final ApiTokens tokens;
    private final int socketSendBuffer;

    LiveUpgradeAuthAddOn(ApiTokens tokens, int socketSendBuffer) {
        this.tokens = tokens;
        this.socketSendBuffer = socketSendBuffer;
    }

    @Override
    public void setup(NetworkListener listener, FilterChainBuilder builder) {
        int tyrus = builder.indexOfType(GrizzlyServerFilter.class);
        int position = tyrus >= 0 ? tyrus : builder.indexOfType(HttpServerFilter.class);
        if (position < 0) {
            throw new IllegalStateException("no HTTP filter to put live listener authentication in front of");
        }
        builder.add(position, new LiveUpgradeAuthFilter(tokens, socketSendBuffer));
    }
}
