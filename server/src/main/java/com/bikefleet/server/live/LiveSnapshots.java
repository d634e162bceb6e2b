package com.bikefleet.server.live;

import com.bikefleet.server.store.BikeView;
import com.bikefleet.server.store.FixStore;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;

/** The current state of the bikes a subscription matches, read from the store. */
final class LiveSnapshots {

    private final FixStore store;
    private final Predicate<String> online;
    private final LiveJson json;
    private final Function<String, Long> backlog;

    LiveSnapshots(FixStore store, Predicate<String> online, LiveJson json, Function<String, Long> backlog) {
        this.store = store;
        this.online = online;
        this.json = json;
        this.backlog = backlog;
    }

    String frame(Subscription subscription) {
        List<BikeView> bikes = subscription instanceof Subscription.None ? List.of()
                : store.bikes().stream().filter(b -> subscription.matches(b.bikeId(), b.lastFix())).toList();
        return json.snapshotFrame(bikes, online, backlog);
    }
}
