package com.bikefleet.server.live;

import com.bikefleet.model.Fix;
import java.util.List;
import java.util.Set;

/** Which bikes a listener follows. */
sealed interface Subscription {

    /** Whether a bike, last seen at {@code where} (null when unknown), is followed. */
    boolean matches(String bikeId, Fix where);

    /** Nothing yet: a new listener gets no updates before its first subscribe. */
    record None() implements Subscription {
        @Override
        public boolean matches(String bikeId, Fix where) {
            return false;
        }
    }

    record All() implements Subscription {
        @Override
        public boolean matches(String bikeId, Fix where) {
            return true;
        }
    }

    record Bikes(Set<String> bikeIds) implements Subscription {
        public Bikes {
            bikeIds = Set.copyOf(bikeIds);
        }

        @Override
        public boolean matches(String bikeId, Fix where) {
            return bikeIds.contains(bikeId);
        }
    }

    /** Edges included; does not cross the antimeridian (minLon <= maxLon). */
    record Box(double minLon, double minLat, double maxLon, double maxLat) implements Subscription {
        @Override
        public boolean matches(String bikeId, Fix where) {
            return where != null
                    && where.longitude() >= minLon && where.longitude() <= maxLon
                    && where.latitude() >= minLat && where.latitude() <= maxLat;
        }
    }

    /** Bikes followed by any of the parts: an app's own bike and the box around it. */
    record Union(List<Subscription> parts) implements Subscription {
        public Union {
            parts = List.copyOf(parts);
        }

        @Override
        public boolean matches(String bikeId, Fix where) {
            for (Subscription part : parts) {
                if (part.matches(bikeId, where)) {
                    return true;
                }
            }
            return false;
        }
    }
}
